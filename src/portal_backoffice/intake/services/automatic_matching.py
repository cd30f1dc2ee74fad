"""Match an import's valid children against the register and link the confident ones.

The engine scores each batch of children against the match index, decide()
applies the administrator's thresholds, every candidate it keeps is stored as
a possible match with its explanation, and each automatic match is linked.
"""

import logging
from collections import Counter
from collections.abc import Callable, Sequence

from django.db.models import prefetch_related_objects

from portal_backoffice.accounts.audit import audit_record
from portal_backoffice.matching.decide import decide
from portal_backoffice.matching.records import (
    ChildRecord,
    Decision,
    DecisionPolicy,
    Outcome,
    ScoredCandidate,
)
from portal_backoffice.register.models import Student

from ..models import IncomingFile, IncomingStudent, MatchingSettings, PossibleMatch
from ..models.choices import MatchMethod, State
from ..rules import RuleBook
from .linking import incoming_student_link
from .match_index import match_index_locked

logger = logging.getLogger(__name__)

# Children scored per call to the engine: bounds memory, not correctness.
MATCH_BATCH_SIZE = 500


def decision_policy() -> DecisionPolicy:
    """Return the thresholds from the administrator's matching settings."""
    current = MatchingSettings.current()
    return DecisionPolicy(
        automatic_match_threshold=current.automatic_match_threshold,
        minimum_margin=current.minimum_margin,
        possible_match_threshold=current.possible_match_threshold,
        maximum_possible_matches=current.maximum_possible_matches,
    )


def incoming_child_record(student: IncomingStudent, base: str = "") -> ChildRecord:
    """Build the match keys of an incoming student, as submitted.

    Its carers are read from student.carers, so prefetch them for a batch.
    base is the sending nursery or school's, from file_base_key.
    """
    return ChildRecord(
        record_id=student.pk,
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
            for carer in sorted(student.carers.all(), key=lambda carer: carer.priority)
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
    incoming_file: IncomingFile,
    students: Sequence[IncomingStudent],
    rules: RuleBook,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Score, decide, store possible matches and link. Return the automatic match count."""
    policy = decision_policy()
    valid = [student for student in students if student.state == State.UNMATCHED]
    for student in students:
        if student.state == State.INVALID:
            _entered_audit(student, f"Failed validation with {len(student.errors)} errors")
    decisions: dict[int, Decision] = {}
    if progress:
        progress(0, len(valid))

    # One outer block keeps the index file open across the batches.
    with match_index_locked():
        for start in range(0, len(valid), MATCH_BATCH_SIZE):
            batch = valid[start : start + MATCH_BATCH_SIZE]
            decisions.update(_batch_decide(incoming_file, batch, policy))
            if progress:
                progress(start + len(batch), len(valid))

    targets = _automatic_targets(decisions)
    for student in valid:
        decision = decisions[student.pk]
        reason = decision.reason
        if decision.outcome == Outcome.AUTOMATIC_MATCH and student.pk not in targets:
            reason = "Left for review: another child in this file matched the same student"
        _entered_audit(student, reason)
    _targets_link(valid, targets, rules)
    return len(targets)


def _batch_decide(incoming_file, batch, policy) -> dict[int, Decision]:
    prefetch_related_objects(batch, "carers")
    base = file_base_key(incoming_file)
    records = [incoming_child_record(student, base) for student in batch]
    with match_index_locked() as index:
        scored = index.link(records)
        model_version = index.model_version
    scored = _linkable_only(scored)
    if incoming_file.model_version != model_version:
        incoming_file.model_version = model_version
        incoming_file.save(update_fields=["model_version"])

    decisions = {
        record.record_id: decide(record, scored.get(record.record_id, []), policy)
        for record in records
    }
    _possible_matches_store(batch, decisions, model_version)
    return decisions


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


def _possible_matches_store(batch, decisions: dict[int, Decision], model_version: str) -> None:
    rows = []
    for student in batch:
        candidates = decisions[student.pk].candidates
        rows += [
            _possible_match(student, candidate, rank, model_version)
            for rank, candidate in enumerate(candidates, start=1)
        ]
        student.has_possible_matches = bool(candidates)
        student.match_probability = candidates[0].match_probability if candidates else None
    PossibleMatch.objects.bulk_create(rows)
    IncomingStudent.objects.bulk_update(batch, ["has_possible_matches", "match_probability"])


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


def _automatic_targets(decisions: dict[int, Decision]) -> dict[int, int]:
    """Return incoming id -> student id for automatic matches no other child in the file shares.

    Two children of one file matched automatically to the same student means
    at least one match is wrong (twins, or a sibling), so both go to review.
    """
    automatic = {
        incoming_id: decision.student_id
        for incoming_id, decision in decisions.items()
        if decision.outcome == Outcome.AUTOMATIC_MATCH and decision.student_id is not None
    }
    shared = Counter(automatic.values())
    return {
        incoming_id: student_id
        for incoming_id, student_id in automatic.items()
        if shared[student_id] == 1
    }


def _targets_link(valid, targets: dict[int, int], rules: RuleBook) -> None:
    # Carers on both sides are fetched for the whole file in two queries
    # instead of two per child.
    students = Student.objects.prefetch_related("carer_links__person").in_bulk(
        set(targets.values())
    )
    linked = [incoming for incoming in valid if incoming.pk in targets]
    prefetch_related_objects(linked, "carers")
    for incoming_student in linked:
        student_id = targets[incoming_student.pk]
        incoming_student_link(
            incoming_student=incoming_student,
            student=students[student_id],
            method=MatchMethod.AUTOMATIC,
            actor=None,
            rules=rules,
        )


def _entered_audit(student: IncomingStudent, reason: str) -> None:
    audit_record(
        action="incoming_student_import",
        actor=None,
        system=True,
        incoming_student_id=student.pk,
        incoming_file_id=student.incoming_file_id,
        to_state=student.state,
        reason=reason[:255],
        details={"record_number": student.record_number},
    )
