"""Score the matcher's decisions on a synthetic batch against its ground truth.

A held child is an incoming child that is already in the register. The
product sets four bars. Wrong automatic matches stay at or below 1 per
10,000 incoming, and at least 92% of held children are matched
automatically. The right student is among the first five possible matches
for at least 99.5% of the held children left to an officer. No twin, sibling
or parent is ever matched automatically.
"""

import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field

from portal_backoffice.matching.bars import BarThresholds
from portal_backoffice.matching.records import Decision, Outcome, RecordId

# The same limits the training command applies to a new model.
_BARS = BarThresholds()
MAXIMUM_WRONG_PER_10000 = _BARS.maximum_wrong_per_10000
MINIMUM_AUTOMATIC_RATE = _BARS.minimum_automatic_rate
MINIMUM_TOP_FIVE_RATE = _BARS.minimum_top_five_rate
DANGEROUS_KINDS = ("twin", "sibling", "parent")

_NUMBER = re.compile(r"\d+(\.\d+)?")


def reason_key(reason: str) -> str:
    """Return a decision reason with its numbers replaced by N, so that reasons can be counted."""
    return _NUMBER.sub("N", reason)


@dataclass(frozen=True, slots=True)
class IncomingTruth:
    """What the generator recorded about one incoming child."""

    # The register student this child is, or None for a child new to the LA.
    student_id: RecordId | None
    # The generator's errors in the child's details, empty for a clean copy.
    error_kinds: tuple[str, ...] = ()
    # held, or how a child new to the LA relates to the register (new_twin, say).
    kind: str = "held"
    # The generator gave the child a value that makes its record invalid.
    invalid: bool = False

    @property
    def labels(self) -> tuple[str, ...]:
        """Return the rows of the by-error-kind table this child counts in."""
        if self.student_id is None:
            return (self.kind,)
        return self.error_kinds or ("no error",)


@dataclass(frozen=True, slots=True)
class MatchCase:
    """One incoming child the matcher got wrong or left out of the first five."""

    incoming_id: RecordId
    # The child's labels in the by-error-kind table, joined with "+".
    error_kind: str
    true_student_id: RecordId | None
    # The student matched automatically, for a wrong match.
    student_id: RecordId | None
    # twin, sibling, parent, "new child" or "unrelated", for a wrong match.
    relation: str
    match_probability: float | None
    # 1-based rank of the true student among the decision's candidates, if present.
    true_rank: int | None
    reason: str
    levels: dict[str, str]


@dataclass(slots=True)
class KindCounts:
    incoming: int = 0
    automatic_right: int = 0
    automatic_wrong: int = 0
    review: int = 0
    no_match: int = 0
    top_five_missed: int = 0


@dataclass(slots=True)
class AccuracyReport:
    incoming: int
    held: int
    automatic: int
    automatic_right_held: int
    wrong: list[MatchCase]
    # Held children not matched automatically, and how many had the true
    # student among the first five candidates.
    left_to_officer: int
    top_five_found: int
    top_five_missed: list[MatchCase]
    dangerous_automatic: Counter
    by_error_kind: dict[str, KindCounts]
    # Decision reasons for held children not matched automatically, overall
    # and per (error kind, reason).
    held_not_automatic_reasons: Counter = field(default_factory=Counter)
    reasons_by_error_kind: Counter = field(default_factory=Counter)
    # Comparison levels of the true student, when it ranked first but was not
    # matched automatically, per (reason, levels).
    true_best_levels: Counter = field(default_factory=Counter)

    @property
    def wrong_per_10000(self) -> float:
        return 10_000 * len(self.wrong) / self.incoming if self.incoming else 0.0

    @property
    def automatic_rate(self) -> float:
        return self.automatic_right_held / self.held if self.held else 0.0

    @property
    def top_five_rate(self) -> float:
        return self.top_five_found / self.left_to_officer if self.left_to_officer else 1.0

    @property
    def dangerous_total(self) -> int:
        return sum(self.dangerous_automatic.values())

    def failures(self) -> list[str]:
        """List each bar the run misses, as a sentence; empty when all are met."""
        failures = []
        if self.wrong_per_10000 > MAXIMUM_WRONG_PER_10000:
            failures.append(
                f"{len(self.wrong)} wrong automatic matches "
                f"({self.wrong_per_10000:.1f} per 10,000 incoming) exceed 1 per 10,000"
            )
        if self.automatic_rate < MINIMUM_AUTOMATIC_RATE:
            failures.append(f"automatic-match rate {self.automatic_rate:.2%} is below 92%")
        if self.top_five_rate < MINIMUM_TOP_FIVE_RATE:
            failures.append(f"top-five rate {self.top_five_rate:.2%} is below 99.5%")
        if self.dangerous_total:
            failures.append(f"automatic matches of relatives: {dict(self.dangerous_automatic)}")
        return failures


def _true_rank(decision: Decision, true_id: RecordId | None) -> int | None:
    for rank, candidate in enumerate(decision.candidates, start=1):
        if candidate.student_id == true_id:
            return rank
    return None


def _case(incoming_id, truth, decision, relation) -> MatchCase:
    top = decision.candidates[0] if decision.candidates else None
    return MatchCase(
        incoming_id=incoming_id,
        error_kind="+".join(truth.labels),
        true_student_id=truth.student_id,
        student_id=decision.student_id,
        relation=relation,
        match_probability=top.match_probability if top else None,
        true_rank=_true_rank(decision, truth.student_id),
        reason=decision.reason,
        levels=dict(top.levels) if top else {},
    )


def accuracy_score(
    *,
    truths: Mapping[RecordId, IncomingTruth],
    decisions: Mapping[RecordId, Decision],
    relatives: Mapping[tuple[RecordId, RecordId], str],
) -> AccuracyReport:
    """Compare each incoming child's decision with its truth.

    relatives maps (incoming id, register student id) to twin, sibling or
    parent for every pair the generator made dangerous.
    """
    report = AccuracyReport(
        incoming=len(truths),
        held=sum(1 for truth in truths.values() if truth.student_id is not None),
        automatic=0,
        automatic_right_held=0,
        wrong=[],
        left_to_officer=0,
        top_five_found=0,
        top_five_missed=[],
        dangerous_automatic=Counter(),
        by_error_kind=defaultdict(KindCounts),
    )
    for incoming_id, truth in truths.items():
        _score_one(report, incoming_id, truth, decisions[incoming_id], relatives)
    report.by_error_kind = dict(sorted(report.by_error_kind.items()))
    return report


def _score_one(report, incoming_id, truth, decision, relatives) -> None:
    for label in truth.labels:
        _counts_add(report.by_error_kind[label], truth, decision)

    if decision.outcome is Outcome.AUTOMATIC_MATCH:
        report.automatic += 1
        if decision.student_id == truth.student_id:
            report.automatic_right_held += 1
            return
        relation = relatives.get((incoming_id, decision.student_id))
        if relation is not None:
            report.dangerous_automatic[relation] += 1
        elif truth.student_id is None:
            relation = "new child"
        report.wrong.append(_case(incoming_id, truth, decision, relation or "unrelated"))
        return

    if truth.student_id is None:
        return
    report.left_to_officer += 1
    report.held_not_automatic_reasons[reason_key(decision.reason)] += 1
    for label in truth.labels:
        report.reasons_by_error_kind[(label, reason_key(decision.reason))] += 1
    if decision.candidates and decision.candidates[0].student_id == truth.student_id:
        levels = ", ".join(f"{k}={v}" for k, v in sorted(decision.candidates[0].levels.items()))
        report.true_best_levels[(reason_key(decision.reason), levels)] += 1
    rank = _true_rank(decision, truth.student_id)
    if rank is not None and rank <= 5:
        report.top_five_found += 1
        return
    report.top_five_missed.append(_case(incoming_id, truth, decision, ""))


def _counts_add(counts: KindCounts, truth: IncomingTruth, decision: Decision) -> None:
    counts.incoming += 1
    if decision.outcome is Outcome.AUTOMATIC_MATCH:
        if decision.student_id == truth.student_id:
            counts.automatic_right += 1
        else:
            counts.automatic_wrong += 1
        return
    if decision.outcome is Outcome.REVIEW:
        counts.review += 1
    else:
        counts.no_match += 1
    rank = _true_rank(decision, truth.student_id)
    if truth.student_id is not None and (rank is None or rank > 5):
        counts.top_five_missed += 1


def relatives_index(pairs: Sequence[tuple[RecordId, RecordId, str]]) -> dict:
    """Index (incoming id, student id, kind) triples by their pair."""
    return {(incoming_id, student_id): kind for incoming_id, student_id, kind in pairs}


def accuracy_summary(report: AccuracyReport, *, cases_kept: int = 50) -> dict:
    """Return the report as plain data for JSON, keeping the first cases_kept cases of each list."""
    return {
        "incoming": report.incoming,
        "held": report.held,
        "automatic": report.automatic,
        "automatic_right_held": report.automatic_right_held,
        "wrong": len(report.wrong),
        "wrong_per_10000": report.wrong_per_10000,
        "automatic_rate": report.automatic_rate,
        "left_to_officer": report.left_to_officer,
        "top_five_found": report.top_five_found,
        "top_five_rate": report.top_five_rate,
        "dangerous_automatic": {kind: report.dangerous_automatic[kind] for kind in DANGEROUS_KINDS},
        "failures": report.failures(),
        "by_error_kind": {kind: asdict(counts) for kind, counts in report.by_error_kind.items()},
        "held_not_automatic_reasons": dict(report.held_not_automatic_reasons.most_common()),
        "reasons_by_error_kind": [
            [kind, reason, count]
            for (kind, reason), count in sorted(report.reasons_by_error_kind.items())
        ],
        "true_best_levels": [
            [reason, levels, count]
            for (reason, levels), count in report.true_best_levels.most_common(30)
        ],
        "wrong_cases": [asdict(case) for case in report.wrong[:cases_kept]],
        "top_five_missed_cases": [asdict(case) for case in report.top_five_missed[:cases_kept]],
    }


def same_student_in_file(
    decisions: Mapping[RecordId, Decision], files: Mapping[RecordId, str]
) -> int:
    """Count automatic matches that share their student with another child of the same file.

    The import sends every such child to review, so these are automatic
    matches the engine makes but an import would not keep.
    """
    per_student = Counter(
        (files[incoming_id], decision.student_id)
        for incoming_id, decision in decisions.items()
        if decision.outcome is Outcome.AUTOMATIC_MATCH
    )
    return sum(count for count in per_student.values() if count > 1)
