"""Turn Splink's scored pairs into ScoredCandidates, best first."""

from collections import defaultdict
from typing import Any

from .model import MatchModel
from .records import RecordId, ScoredCandidate


def _comparison_weight(row: dict[str, Any], name: str) -> float:
    """Return a comparison's match weight, with its term-frequency adjustment added."""
    weight = row.get(f"mw_{name}") or 0.0
    return float(weight + (row.get(f"mw_tf_adj_{name}") or 0.0))


def candidate_from_row(row: dict[str, Any], model: MatchModel) -> ScoredCandidate:
    levels: dict[str, str] = {}
    weights: dict[str, float] = {}
    for name in model.comparison_names:
        levels[name] = model.level_labels[name][int(row[f"gamma_{name}"])]
        weights[name] = _comparison_weight(row, name)
    return ScoredCandidate(
        student_id=int(row["unique_id_r"]),
        match_probability=float(row["match_probability"]),
        match_weight=float(row["match_weight"]),
        levels=levels,
        weights=weights,
        incoming_forename_in_register=row.get("tf_forename_l") is not None,
    )


def candidates_from_predictions(
    rows: list[dict[str, Any]], model: MatchModel, limit: int | None = None
) -> dict[RecordId, list[ScoredCandidate]]:
    """Group scored pairs by incoming record, each group sorted best first.

    Ties in match weight are ordered by student id, so results are stable.
    With a limit, each group keeps its best pairs up to that count.
    """
    grouped: dict[RecordId, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[int(row["unique_id_l"])].append(row)
    result = {}
    for incoming_id, group in grouped.items():
        group.sort(key=lambda row: (-float(row["match_weight"]), int(row["unique_id_r"])))
        result[incoming_id] = [candidate_from_row(row, model) for row in group[:limit]]
    return result
