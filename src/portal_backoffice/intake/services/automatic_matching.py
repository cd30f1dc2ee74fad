"""Match an import's valid children against the register and plan the confident links.

The engine scores each batch of children against the match index, decide()
applies the administrator's thresholds, every candidate it keeps becomes a
possible match with its explanation, and each automatic match is settled
against the register as a link plan. Nothing is written here: the import
stores the possible matches and writes the plans in its write transaction.
"""

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field

from portal_backoffice.matching.decide import decide
from portal_backoffice.matching.records import (
    ChildRecord,
    Decision,
    DecisionPolicy,
    Outcome,
    ScoredCandidate,
)
from portal_backoffice.register.models import Student

from ..models import IncomingCarer, IncomingFile, IncomingStudent, MatchingSettings, PossibleMatch
from ..models.choices import State
from ..rules import RuleBook
from .link_plans import LinkPlan, RegisterReadMark, link_plan_make, register_read_mark
from .match_index import match_index_locked, match_index_requested

logger = logging.getLogger(__name__)

# Children scored per call to the engine, which bounds memory, not correctness.
# Each call pays a fixed cost: at a million students, about a second to find
# the students blocking pairs. A web process that requests the index waits for
# the call in progress, about 3 s for a batch this size at that scale.
MATCH_BATCH_SIZE = 5000
# Register students read per query when planning automatic links.
PLAN_CHUNK_SIZE = 2000
# When a web server process requests the match index, the import closes it
# after using it this long, then waits this long before opening it again. That
# gives the other process a turn, because match_index retries every 0.05 s.
MATCH_INDEX_TURN_SECONDS = 1.0
MATCH_INDEX_PAUSE_SECONDS = 0.2


@dataclass
class ImportMatching:
    """The outcome of matching an import's valid children, none of it stored yet.

    Every mapping is keyed by the child's position in the import's students.
    """

    decisions: dict[int, Decision] = field(default_factory=dict)
    possible_matches: dict[int, list[PossibleMatch]] = field(default_factory=dict)
    # The reason each valid child's audit row gives for its outcome.
    reasons: dict[int, str] = field(default_factory=dict)
    # Child -> student id of each automatic match that no other child shares.
    targets: dict[int, int] = field(default_factory=dict)
    plans: list[LinkPlan] = field(default_factory=list)
    # When the plans began to read the register, for the write transaction's check.
    read_mark: RegisterReadMark | None = None


def decision_policy() -> DecisionPolicy:
    """Return the thresholds from the administrator's matching settings."""
    current = MatchingSettings.current()
    return DecisionPolicy(
        automatic_match_threshold=current.automatic_match_threshold,
        minimum_margin=current.minimum_margin,
        possible_match_threshold=current.possible_match_threshold,
        maximum_possible_matches=current.maximum_possible_matches,
    )


def incoming_child_record(
    student: IncomingStudent,
    base: str = "",
    *,
    carers: list[IncomingCarer] | None = None,
    record_id: int | None = None,
) -> ChildRecord:
    """Build the match keys of an incoming student, as submitted.

    Its carers are read from student.carers, so prefetch them for a batch,
    unless given, as they are for a child the import has not stored yet.
    base is the sending nursery or school's, from file_base_key. record_id
    defaults to the student's id.
    """
    if carers is None:
        carers = list(student.carers.all())
    return ChildRecord(
        record_id=student.pk if record_id is None else record_id,
        forename=student.forename,
        middle_names=student.middle_names,
        surname=student.surname,
        former_surnames=(student.former_surname,) if student.former_surname else (),
        date_of_birth=student.date_of_birth,
        gender=student.gender,
        upn=student.upn,
        address_line_1=student.address_line_1,
        postcode=student.postcode,
        carer_names=tuple(
            (carer.forename, carer.surname)
            for carer in sorted(carers, key=lambda carer: carer.priority)
        ),
        base=base,
    )


def file_base_key(incoming_file: IncomingFile) -> str:
    """Return the base a file's children attend, as the match index keys it, or "" for a portal.

    A provider file comes from the child's nursery or school; a citizen portal
    file comes from a portal base no student attends.
    """
    if incoming_file.base.portal_application_type:
        return ""
    return str(incoming_file.base_id)


def incoming_students_match(
    *,
    students: Sequence[IncomingStudent],
    carers: Sequence[list[IncomingCarer]],
    rules: RuleBook,
    progress: Callable[[int, int], None] | None = None,
) -> ImportMatching:
    """Score and decide the valid children of one or more files and plan their links.

    students and carers are the import's rows, not stored yet, file after
    file, and carers[n] are the carers of students[n]. Each student's
    incoming_file is set. Each child is known by its position in students.
    Sets has_possible_matches and match_probability on each valid student,
    and model_version on each file.
    """
    policy = decision_policy()
    valid = [number for number, student in enumerate(students) if student.state == State.UNMATCHED]
    matching = ImportMatching()
    if progress:
        progress(0, len(valid))

    files = {id(student.incoming_file): student.incoming_file for student in students}
    bases = {key: file_base_key(incoming_file) for key, incoming_file in files.items()}
    records = [
        incoming_child_record(
            students[number],
            bases[id(students[number].incoming_file)],
            carers=carers[number],
            record_id=number,
        )
        for number in valid
    ]
    for batch, scored, model_version in _batches_score(records, progress):
        for incoming_file in files.values():
            incoming_file.model_version = model_version
        for record in batch:
            decision = decide(record, scored.get(record.record_id, []), policy)
            matching.decisions[record.record_id] = decision
            matching.possible_matches[record.record_id] = _possible_matches(
                students[record.record_id], decision, model_version
            )

    matching.targets = _automatic_targets(
        matching.decisions, file_of={number: id(students[number].incoming_file) for number in valid}
    )
    for number in valid:
        decision = matching.decisions[number]
        reason = decision.reason
        if decision.outcome == Outcome.AUTOMATIC_MATCH and number not in matching.targets:
            reason = "Left for review: another child in this file matched the same student"
        matching.reasons[number] = reason

    matching.read_mark = register_read_mark()
    matching.plans = _link_plans_make(students, carers, matching.targets, rules)
    return matching


def _batches_score(
    records: list[ChildRecord], progress: Callable[[int, int], None] | None
) -> Iterator[tuple[list[ChildRecord], dict[int, list[ScoredCandidate]], str]]:
    """Score the records batch by batch. Yield each batch with its linkable candidates.

    The index file stays open across batches. DuckDB lets only one process
    open it, so when an officer's search or decision in the web server
    requests it, the file is closed for a moment between batches.
    """
    turn = ExitStack()
    try:
        index = turn.enter_context(match_index_locked())
        opened_at = time.monotonic()
        for start in range(0, len(records), MATCH_BATCH_SIZE):
            held = time.monotonic() - opened_at
            if start and held >= MATCH_INDEX_TURN_SECONDS and match_index_requested():
                turn.close()
                time.sleep(MATCH_INDEX_PAUSE_SECONDS)
                index = turn.enter_context(match_index_locked())
                opened_at = time.monotonic()
            batch = records[start : start + MATCH_BATCH_SIZE]
            scored = index.link(batch)
            yield batch, _linkable_only(scored), index.model_version
            if progress:
                progress(start + len(batch), len(records))
    finally:
        turn.close()


def _link_plans_make(students, carers, targets: dict[int, int], rules: RuleBook) -> list[LinkPlan]:
    """Plan each automatic link against the register as it is now, reading it in chunks.

    A student removed or marked do-not-link since scoring is left out, so its
    child stays for review.
    """
    register = {}
    ids = sorted(set(targets.values()))
    for start in range(0, len(ids), PLAN_CHUNK_SIZE):
        chunk = ids[start : start + PLAN_CHUNK_SIZE]
        register.update(
            Student.objects.filter(pk__in=chunk, do_not_link=False)
            .prefetch_related("carer_links__person", "rejected_values")
            .in_bulk()
        )
    return [
        link_plan_make(
            incoming_student=students[number],
            carers=carers[number],
            student=register[student_id],
            rules=rules,
        )
        for number, student_id in sorted(targets.items())
        if student_id in register
    ]


def _linkable_only(scored: dict[int, list[ScoredCandidate]]) -> dict[int, list]:
    # The index may lag the register by a commit: never offer a student that
    # is gone or marked do-not-link since it was indexed.
    ids = {candidate.student_id for candidates in scored.values() for candidate in candidates}
    linkable = set(
        Student.objects.filter(pk__in=ids, do_not_link=False).values_list("pk", flat=True)
    )
    if len(linkable) < len(ids):
        logger.warning("Match index is stale: unlinkable candidates=%d", len(ids) - len(linkable))
    return {
        incoming_id: [c for c in candidates if c.student_id in linkable]
        for incoming_id, candidates in scored.items()
    }


def _possible_matches(
    student: IncomingStudent, decision: Decision, model_version: str
) -> list[PossibleMatch]:
    candidates = decision.candidates
    student.has_possible_matches = bool(candidates)
    student.match_probability = candidates[0].match_probability if candidates else None
    return [
        _possible_match(student, candidate, rank, model_version)
        for rank, candidate in enumerate(candidates, start=1)
    ]


def _possible_match(student, candidate: ScoredCandidate, rank: int, model_version: str):
    return PossibleMatch(
        incoming_student=student,
        student_id=candidate.student_id,
        rank=rank,
        match_probability=candidate.match_probability,
        match_weight=candidate.match_weight,
        model_version=model_version,
        explanation=[
            {
                "field": reason.field,
                "level": reason.level,
                "match_weight": reason.match_weight,
                "reason": reason.reason,
            }
            for reason in candidate.reasons
        ],
    )


def _automatic_targets(decisions: dict[int, Decision], file_of: dict[int, int]) -> dict[int, int]:
    """Return child -> student id for the automatic matches no other child in the file shares.

    Two children of one file matched automatically to the same student means
    at least one match is wrong (twins, or a sibling), so both go to review.
    Children of different files may match one student: each file is another
    application for the same child. file_of maps each child to its file.
    """
    automatic = {
        number: decision.student_id
        for number, decision in decisions.items()
        if decision.outcome == Outcome.AUTOMATIC_MATCH and decision.student_id is not None
    }
    shared = Counter((file_of[number], student_id) for number, student_id in automatic.items())
    return {
        number: student_id
        for number, student_id in automatic.items()
        if shared[(file_of[number], student_id)] == 1
    }
