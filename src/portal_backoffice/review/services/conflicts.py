"""Apply: an officer's Accept, Reject and Discard decisions on one student's data conflicts.

Every open conflict except an unmatched carer must be decided before Apply,
because the student cannot leave "matched with conflicts" until each item is
settled. Unmatched carers are settled on the Carers tab by Match or Add New
Person, and until then the student is pending.
"""

import logging
from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from portal_backoffice.accounts.audit import audit_record
from portal_backoffice.intake.models import DataConflict, IncomingStudent, RejectedValue
from portal_backoffice.intake.models.choices import ConflictDecision, State
from portal_backoffice.intake.services.linking import IncomingStudentChanged
from portal_backoffice.intake.services.match_index import match_index_refresh_on_commit
from portal_backoffice.register.models import Student

from .accepting import AcceptedWrites, ConflictNotAcceptable, conflict_accept
from .states import UNMATCHED_CARER_FIELD, open_conflicts_state

logger = logging.getLogger(__name__)

# The states in which an officer decides a student's data conflicts.
DECIDABLE_STATES = (State.MATCHED_WITH_CONFLICTS, State.PENDING)
DECISIONS = (ConflictDecision.ACCEPTED, ConflictDecision.REJECTED, ConflictDecision.DISCARDED)


class ConflictsUndecided(Exception):
    """Some open conflicts were given no decision, so nothing was applied."""

    def __init__(self, conflict_ids: list[int]):
        self.conflict_ids = conflict_ids
        super().__init__(f"Conflicts {conflict_ids} have no decision. Nothing was applied.")


@dataclass(frozen=True)
class ApplyOutcome:
    """The incoming student after Apply and how many conflicts took each decision."""

    incoming_student: IncomingStudent
    counts: dict[str, int]


def incoming_student_conflicts_apply(
    *,
    incoming_student_id: int,
    decisions: Mapping[int, ConflictDecision],
    actor,
    expected_version: int,
) -> ApplyOutcome:
    """Apply one decision per open conflict of the incoming student, in one transaction.

    Raises IncomingStudentChanged when the student is not matched with
    conflicts or pending, its version is not expected_version, or a decision
    names a conflict that is not open on it: another officer decided first.
    Raises ConflictsUndecided when an open conflict other than an unmatched
    carer has no decision, and ConflictNotAcceptable when an accepted value
    cannot be written. Each leaves the register and the conflicts unchanged.
    """
    with transaction.atomic():
        incoming_student = _incoming_student_lock(incoming_student_id, expected_version)
        open_conflicts = {
            conflict.pk: conflict
            for conflict in DataConflict.objects.filter(
                incoming_student=incoming_student, decision=ConflictDecision.OPEN
            ).select_related("incoming_carer__matched_person")
        }

        chosen = _decisions_check(incoming_student_id, decisions, open_conflicts)
        student = Student.objects.select_for_update().get(pk=incoming_student.matched_student_id)
        writes = AcceptedWrites(student=student)

        for conflict_id, decision in chosen.items():
            _decide(open_conflicts[conflict_id], decision, writes, actor, incoming_student)
        writes.save()
        _conflicts_mark(open_conflicts, chosen, actor)
        from_state, to_state = _state_move(incoming_student)
        counts = _audit(incoming_student, chosen, actor, from_state, to_state)

    if writes.student_fields:
        match_index_refresh_on_commit([student.pk])
    logger.info(
        "Data conflicts applied: incoming_student=%d user=%s state=%s accepted=%d "
        "rejected=%d discarded=%d",
        incoming_student_id,
        actor.pk,
        to_state,
        counts["accepted"],
        counts["rejected"],
        counts["discarded"],
    )
    return ApplyOutcome(incoming_student=incoming_student, counts=counts)


def _incoming_student_lock(incoming_student_id: int, expected_version: int) -> IncomingStudent:
    incoming_student = (
        IncomingStudent.objects.select_for_update().filter(pk=incoming_student_id).first()
    )
    if (
        incoming_student is None
        or incoming_student.state not in DECIDABLE_STATES
        or incoming_student.version != expected_version
        or incoming_student.matched_student_id is None
    ):
        raise IncomingStudentChanged(incoming_student_id)
    return incoming_student


def _decisions_check(
    incoming_student_id: int,
    decisions: Mapping[int, ConflictDecision],
    open_conflicts: dict[int, DataConflict],
) -> dict[int, ConflictDecision]:
    """Return the decisions to apply, or raise when one is stale or an item is undecided."""
    chosen = {
        conflict_id: ConflictDecision(decision)
        for conflict_id, decision in decisions.items()
        if decision in DECISIONS
    }
    if any(conflict_id not in open_conflicts for conflict_id in chosen):
        raise IncomingStudentChanged(incoming_student_id)

    undecided = [
        conflict_id
        for conflict_id, conflict in open_conflicts.items()
        if conflict_id not in chosen and conflict.field != UNMATCHED_CARER_FIELD
    ]
    if undecided:
        raise ConflictsUndecided(sorted(undecided))
    if not chosen:
        # Only unmatched carers are open and none was discarded: nothing to apply.
        raise ConflictsUndecided(sorted(open_conflicts))
    return chosen


def _decide(conflict: DataConflict, decision, writes: AcceptedWrites, actor, incoming_student):
    if conflict.field == UNMATCHED_CARER_FIELD and decision != ConflictDecision.DISCARDED:
        raise ConflictNotAcceptable(
            conflict.pk, "Match this carer or add them as a new person, or discard them"
        )
    if decision == ConflictDecision.ACCEPTED:
        conflict_accept(conflict=conflict, writes=writes, actor=actor)
    elif decision == ConflictDecision.REJECTED:
        RejectedValue.objects.get_or_create(
            student_id=incoming_student.matched_student_id,
            field=conflict.field,
            value=conflict.incoming_value,
            defaults={"rejected_by": actor},
        )


def _conflicts_mark(open_conflicts, chosen, actor) -> None:
    now = timezone.now()
    decided = []
    for conflict_id, decision in chosen.items():
        conflict = open_conflicts[conflict_id]
        conflict.decision = decision
        conflict.decided_by = actor
        conflict.decided_at = now
        decided.append(conflict)
    DataConflict.objects.bulk_update(decided, ["decision", "decided_by", "decided_at"])


def _state_move(incoming_student: IncomingStudent) -> tuple[str, str]:
    from_state = incoming_student.state
    incoming_student.state = open_conflicts_state(incoming_student)
    incoming_student.version += 1
    incoming_student.save(update_fields=["state", "version", "updated_at"])
    return from_state, incoming_student.state


def _audit(incoming_student, chosen, actor, from_state, to_state) -> dict[str, int]:
    by_decision = {decision.value: [] for decision in DECISIONS}
    for conflict_id, decision in sorted(chosen.items()):
        by_decision[decision.value].append(conflict_id)
    counts = {decision: len(ids) for decision, ids in by_decision.items()}
    audit_record(
        action="incoming_student_conflicts_apply",
        actor=actor,
        incoming_student_id=incoming_student.pk,
        student_id=incoming_student.matched_student_id,
        incoming_file_id=incoming_student.incoming_file_id,
        from_state=from_state,
        to_state=to_state,
        reason=(
            f"{counts['accepted']} accepted, {counts['rejected']} rejected, "
            f"{counts['discarded']} discarded"
        ),
        # Conflict ids by decision only: the values stay in the conflicts.
        details={f"{decision}_conflict_ids": ids for decision, ids in by_decision.items()},
    )
    return counts


__all__ = [
    "ApplyOutcome",
    "ConflictNotAcceptable",
    "ConflictsUndecided",
    "IncomingStudentChanged",
    "incoming_student_conflicts_apply",
]
