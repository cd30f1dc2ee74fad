"""Link an incoming student to an LA student and settle every difference.

incoming_student_link runs inside the caller's transaction: the import for
automatic matches, the review pages for an officer's Match or Add New.
"""

import logging

from django.db import transaction
from django.db.models import F

from portal_backoffice.accounts.audit import audit_record
from portal_backoffice.register.models import Student

from ..models import DataConflict, IncomingStudent
from ..models.choices import MatchMethod, State
from ..rules import RuleBook
from .carer_linking import incoming_carers_settle
from .differences import DifferenceSettler, student_fields_settle, student_upn_settle
from .history_differences import student_history_settle
from .match_index import match_index_refresh_on_commit
from .values import CARER_FIELD_PREFIX

logger = logging.getLogger(__name__)


class IncomingStudentChanged(Exception):
    """The incoming student changed since the caller read it, so the link was not made."""

    def __init__(self, incoming_student_id: int):
        self.incoming_student_id = incoming_student_id
        super().__init__(
            f"Incoming student {incoming_student_id} changed since it was opened. "
            "Open it again to see its new state."
        )


def incoming_student_link(
    *,
    incoming_student: IncomingStudent,
    student: Student,
    method: MatchMethod,
    actor,
    rules: RuleBook | None = None,
) -> IncomingStudent:
    """Link an unmatched incoming student to a student and set its next state.

    Raises IncomingStudentChanged when another transaction moved the incoming
    student on first (its version or state differs from the copy given), so
    no incoming student is ever linked twice. Pass rules to reuse one RuleBook
    across a batch.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("incoming_student_link must run inside transaction.atomic().")
    from_state = incoming_student.state
    _claim(incoming_student, student, method)

    settler = DifferenceSettler(
        incoming_student=incoming_student,
        student=student,
        rules=rules or RuleBook.load(),
        actor=actor,
        new_student=method == MatchMethod.ADDED,
    )
    carer_counts, to_state = link_differences_settle(settler)

    _persist(incoming_student, student, settler, to_state)
    reason, details = link_audit_reason_and_details(settler, method, carer_counts)
    audit_record(
        action="incoming_student_link",
        actor=actor,
        system=actor is None,
        incoming_student_id=incoming_student.pk,
        student_id=student.pk,
        incoming_file_id=incoming_student.incoming_file_id,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        details=details,
    )
    # DEBUG, because an import links thousands; the audit row records each one.
    logger.debug(
        "Incoming student linked: incoming_student=%d student=%d state=%s conflicts=%d",
        incoming_student.pk,
        student.pk,
        to_state,
        len(settler.settlement.conflicts),
    )
    return incoming_student


def link_differences_settle(settler: DifferenceSettler) -> tuple[dict, State]:
    """Settle every difference of one link. Return the carer counts and the next state."""
    student_fields_settle(settler)
    student_upn_settle(settler)
    student_history_settle(settler)
    carer_counts = incoming_carers_settle(settler)
    return carer_counts, _next_state(settler.settlement.conflicts)


def _claim(incoming_student: IncomingStudent, student: Student, method: MatchMethod) -> None:
    # A conditional update, so that of two transactions linking the same
    # incoming student only the first finds the row as it read it.
    claimed = IncomingStudent.objects.filter(
        pk=incoming_student.pk,
        version=incoming_student.version,
        state=State.UNMATCHED,
        matched_student__isnull=True,
    ).update(matched_student=student, match_method=method, version=F("version") + 1)
    if claimed != 1:
        raise IncomingStudentChanged(incoming_student.pk)
    incoming_student.matched_student = student
    incoming_student.match_method = method
    incoming_student.version += 1


def _next_state(conflicts: list[DataConflict]) -> State:
    if any(conflict.field != "carer" for conflict in conflicts):
        return State.MATCHED_WITH_CONFLICTS
    if conflicts:
        # The student's own match is settled, and only unmatched carers
        # block loading.
        return State.PENDING
    # NOTE: no module (FSM, 2YO, transport, headcount) has tables yet, so a
    # processed student's module_data stays on the incoming student only.
    return State.PROCESSED


def _persist(incoming_student, student, settler: DifferenceSettler, to_state: State) -> None:
    DataConflict.objects.bulk_create(settler.settlement.conflicts)
    written = settler.settlement.written
    if written.student_fields:
        student.save(update_fields=[*set(written.student_fields), "updated_at"])
    if written.student_fields or written.former_upns:
        match_index_refresh_on_commit([student.pk])

    incoming_student.state = to_state
    incoming_student.save(update_fields=["state", "match_probability", "updated_at"])


def link_audit_reason_and_details(
    settler: DifferenceSettler, method: MatchMethod, carer_counts: dict
) -> tuple[str, dict]:
    """Return the reason and details of a link's audit row: ids and field names only."""
    conflicts = settler.settlement.conflicts
    written = settler.settlement.written
    reason = f"{MatchMethod(method).label}; {len(conflicts)} data conflicts"
    details = {
        "method": str(method),
        "match_probability": settler.incoming_student.match_probability,
        "conflict_fields": sorted({conflict.field for conflict in conflicts}),
        "imported_fields": sorted(set(written.student_fields)),
        "imported_carer_fields": sorted(set(written.person_fields)),
        "history_entries_added": len(written.history_entries),
        "former_upns_added": written.former_upns,
        "ignored_fields": sorted(set(settler.settlement.ignored)),
        **carer_counts,
    }
    return reason, details


__all__ = [
    "CARER_FIELD_PREFIX",
    "IncomingStudentChanged",
    "incoming_student_link",
    "link_audit_reason_and_details",
    "link_differences_settle",
]
