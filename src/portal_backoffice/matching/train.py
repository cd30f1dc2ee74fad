"""Train the child model's m and u probabilities, and measure a model's decisions.

u comes from random pairs of register students, who are all different
children. m comes from labelled pairs, each an incoming child and the
register student it truly is. The m of "forename completely different"
stays fixed (see comparisons.py), and so do the prior and the blocking rules.

The command line here takes its labels from the synthetic generator, so the
m values it trains carry the generator's error mix, not a real LA's.
`manage.py train_model` trains on an LA's own register and staff decisions.

    python -m portal_backoffice.matching.train --seed 2026 --students 20000 \
        --incoming 4000 --version child-v3 --out src/.../models/child-v3.json
"""

import argparse
import logging
import math
from collections import Counter
from collections.abc import Sequence
from copy import deepcopy
from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa
from splink import DuckDBAPI, Linker

from .decide import decide
from .index import MatchIndex
from .keys import keys_table
from .model import MatchModel
from .records import ChildRecord, DecisionPolicy, Outcome, RecordId
from .synthetic_data import LabelledBatch, labelled_batch

logger = logging.getLogger(__name__)

# No level's probability may reach 0 or 1, which would make its match weight
# infinite. u may go lower than m: some levels (swapped names, equal UPNs)
# almost never occur between different children.
MINIMUM_PROBABILITY = {"m_probability": 1e-6, "u_probability": 1e-13}

# A level seen in fewer labelled pairs than this keeps the base model's m.
# The generator makes some errors rarely or never (a one-digit slip in a
# date of birth), and an m from one or two pairs would all but forbid them.
MINIMUM_LABELLED_PAIRS_PER_LEVEL = 20

# A weaker level never weighs more than this many bits below the exact
# level: a name one letter out is weaker evidence than the same name.
WEAKER_THAN_EXACT_BITS = 1.0


@dataclass(frozen=True, slots=True)
class TrainingResult:
    """A trained model, with the levels whose m came from the base model for want of labels."""

    model: MatchModel
    # "comparison: level" for each level that kept the base model's m.
    base_m_levels: list[str]


def model_train(
    *,
    register: Sequence[ChildRecord],
    incoming: Sequence[ChildRecord],
    labels: dict[RecordId, RecordId],
    version: str,
    base: MatchModel | None = None,
    max_pairs: float = 5e6,
    seed: int = 1,
) -> MatchModel:
    """Estimate u by random sampling and m from labels, and return the new model.

    labels maps an incoming record_id to the register student it truly is.
    """
    return model_fit(
        register=register,
        incoming=incoming,
        labels=labels,
        version=version,
        base=base,
        max_pairs=max_pairs,
        seed=seed,
    ).model


def model_fit(
    *,
    register: Sequence[ChildRecord],
    incoming: Sequence[ChildRecord],
    labels: dict[RecordId, RecordId],
    version: str,
    base: MatchModel | None = None,
    max_pairs: float = 5e6,
    seed: int = 1,
) -> TrainingResult:
    """Train as model_train does, and list the levels that kept the base model's m.

    With no labels at all, every level keeps the base model's m.
    """
    base = base or MatchModel.hand_set()
    u_settings = _u_from_register(register, base, max_pairs=max_pairs, seed=seed)
    # Splink cannot read an empty labels table, so no labels means no m estimate.
    m_settings = _m_from_labels(register, incoming, labels, base) if labels else base.settings

    base_m_levels: list[str] = []
    settings = _settings_with_base_fallbacks(
        base.settings,
        m_from=m_settings,
        u_from=u_settings,
        label_count=len(labels),
        base_m_levels=base_m_levels,
    )
    note = (
        f"u from {max_pairs:.0f} random pairs of register students, m from {len(labels)} "
        f"labelled incoming-register pairs; trained from {base.version}"
    )
    return TrainingResult(MatchModel(version=version, settings=settings, note=note), base_m_levels)


def _u_from_register(
    register: Sequence[ChildRecord], base: MatchModel, *, max_pairs: float, seed: int
) -> dict[str, Any]:
    """Estimate u from random pairs of register students.

    Two register students are different children, so no true match leaks
    into u. Sampling incoming against register would let true matches in,
    and for rare levels (an equal UPN) those few would dominate.
    """
    return u_from_random_pairs(keys_table(register), base, max_pairs=max_pairs, seed=seed)


def u_from_random_pairs(
    register: pa.Table, base: MatchModel, *, max_pairs: float, seed: int
) -> dict[str, Any]:
    """Return the base model's settings with u estimated from random pairs of register rows."""
    con = duckdb.connect(":memory:")
    register_sdf = DuckDBAPI(con).register(register, dataset_display_name="register")
    settings = {**deepcopy(base.settings), "link_type": "dedupe_only"}
    linker = Linker(register_sdf, settings, log_level=None)
    linker.training.estimate_u_using_random_sampling(max_pairs=max_pairs, seed=seed)
    trained = linker.misc.save_model_to_json()
    con.close()
    return trained


def _m_from_labels(
    register: Sequence[ChildRecord],
    incoming: Sequence[ChildRecord],
    labels: dict[RecordId, RecordId],
    base: MatchModel,
) -> dict[str, Any]:
    """Estimate m from pairs of an incoming child and the student it truly is."""
    con = duckdb.connect(":memory:")
    db_api = DuckDBAPI(con)
    incoming_sdf = db_api.register(keys_table(incoming), dataset_display_name="incoming")
    register_sdf = db_api.register(keys_table(register), dataset_display_name="register")
    linker = Linker([incoming_sdf, register_sdf], deepcopy(base.settings), log_level=None)
    label_rows = [
        {
            "source_dataset_l": "incoming",
            "unique_id_l": incoming_id,
            "source_dataset_r": "register",
            "unique_id_r": student_id,
        }
        for incoming_id, student_id in labels.items()
    ]
    labels_sdf = db_api.register(pa.Table.from_pylist(label_rows), table_name="labels")
    linker.training.estimate_m_from_pairwise_labels(labels_sdf)
    trained = linker.misc.save_model_to_json()
    con.close()
    return trained


def _trained_levels(settings: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    return {
        comparison["output_column_name"]: comparison["comparison_levels"]
        for comparison in settings["comparisons"]
    }


def _settings_with_base_fallbacks(
    base: dict[str, Any],
    *,
    m_from: dict[str, Any],
    u_from: dict[str, Any],
    label_count: int,
    base_m_levels: list[str] | None = None,
) -> dict[str, Any]:
    """Keep base's settings, taking each level's trained m and u where training found them.

    Appends "comparison: level" to base_m_levels for each level whose m is
    not fixed and stays the base model's for want of labels.
    """
    settings = deepcopy(base)
    m_levels, u_levels = _trained_levels(m_from), _trained_levels(u_from)
    for comparison in settings["comparisons"]:
        name = comparison["output_column_name"]
        for position, level in enumerate(comparison["comparison_levels"]):
            if level.get("is_null_level"):
                continue
            sources = {
                "m_probability": m_levels[name][position],
                "u_probability": u_levels[name][position],
            }
            for key, trained_level in sources.items():
                if level.get(f"fix_{key}"):
                    continue
                value = trained_level.get(key, level[key])
                too_few_labels = key == "m_probability" and (
                    key not in trained_level
                    or value * label_count < MINIMUM_LABELLED_PAIRS_PER_LEVEL
                )
                if too_few_labels:
                    value = level[key]
                    if base_m_levels is not None:
                        base_m_levels.append(f"{name}: {level['label_for_charts']}")
                floor = MINIMUM_PROBABILITY[key]
                level[key] = min(max(value, floor), 1 - floor)
        _keep_levels_in_order(comparison["comparison_levels"])
    return settings


def _keep_levels_in_order(levels: list[dict[str, Any]]) -> None:
    """Lower m where a level would come within a bit of the exact level's weight.

    Sampling can make a weaker level look rarer among different children
    than exact agreement (a typo rarer than an equal name), which would rank
    a typo above an exact name. Such a level's weight is capped just below
    the exact level's. Other levels keep their trained order, which is not always one
    of strength (a date within a year against one part different).
    """
    exact = next((level for level in levels if level.get("label_for_charts") == "exact"), None)
    if exact is None:
        return
    exact_weight = math.log2(exact["m_probability"] / exact["u_probability"])
    cap = exact_weight - WEAKER_THAN_EXACT_BITS
    for level in levels:
        if level.get("is_null_level") or level is exact or level.get("fix_m_probability"):
            continue
        if math.log2(level["m_probability"] / level["u_probability"]) > cap:
            level["m_probability"] = level["u_probability"] * 2**cap


def model_evaluate(model: MatchModel, batch: LabelledBatch, policy: DecisionPolicy) -> Counter:
    """Count a model's decisions on a labelled batch by what they got right and wrong."""
    index = MatchIndex(None, model=model)
    index.replace_all(batch.register)
    candidates = index.link(batch.incoming)
    index.close()

    counts: Counter = Counter()
    for child in batch.incoming:
        decision = decide(child, candidates[child.record_id], policy)
        counts.update(_outcome_counts(decision, batch, child.record_id))
    return counts


def _outcome_counts(decision, batch: LabelledBatch, incoming_id: RecordId) -> list[str]:
    true_id = batch.truth[incoming_id]
    held = "held" if true_id is not None else "new"
    found = [f"{held}_total", f"{held}_{decision.outcome.value}"]
    if decision.outcome is Outcome.AUTOMATIC_MATCH:
        if decision.student_id == true_id:
            found.append("held_automatic_right")
        else:
            found.append("automatic_wrong")
            if decision.student_id in batch.relatives[incoming_id]:
                found.append("automatic_relative")
    candidate_ids = [candidate.student_id for candidate in decision.candidates[:5]]
    if decision.outcome is not Outcome.AUTOMATIC_MATCH and true_id in candidate_ids:
        found.append("held_not_automatic_in_top_five")
    if decision.outcome is Outcome.REVIEW and true_id is not None:
        found.append("review_right_in_top_five" if true_id in candidate_ids else "review_missed")
    return found


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description="Train the child matching model on a synthetic LA."
    )
    parser.add_argument("--seed", type=int, default=2026, help="generator seed")
    parser.add_argument("--students", type=int, default=20_000, help="register students")
    parser.add_argument("--incoming", type=int, default=4_000, help="incoming children")
    parser.add_argument("--version", required=True, help="version string of the new model")
    parser.add_argument("--out", required=True, help="path of the model JSON to write")
    parser.add_argument("--max-pairs", type=float, default=5e6, help="random pairs for u")
    arguments = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")

    batch = labelled_batch(
        seed=arguments.seed, students=arguments.students, incoming=arguments.incoming
    )
    labels = {
        incoming_id: student_id for incoming_id, student_id in batch.truth.items() if student_id
    }
    model = model_train(
        register=batch.register,
        incoming=batch.incoming,
        labels=labels,
        version=arguments.version,
        max_pairs=arguments.max_pairs,
        seed=arguments.seed,
    )
    model.write_json(arguments.out)
    logger.info("Wrote model %s to %s", model.version, arguments.out)

    held_out = labelled_batch(
        seed=arguments.seed + 1, students=arguments.students, incoming=arguments.incoming
    )
    for candidate in (MatchModel.hand_set(), model):
        counts = model_evaluate(candidate, held_out, DecisionPolicy())
        logger.info(
            "%s on held-out seed %d: %s", candidate.version, arguments.seed + 1, dict(counts)
        )


if __name__ == "__main__":
    main()
