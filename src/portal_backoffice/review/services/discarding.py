"""Discard: an officer decides that incoming students are not to be loaded."""

import logging
from collections.abc import Iterable

from django.db import transaction

from portal_backoffice.accounts.audit import audit_record
from portal_backoffice.intake.models import IncomingStudent
from portal_backoffice.intake.models.choices import State

from .outcomes import BulkOutcome, SkippedStudent, changed_message

logger = logging.getLogger(__name__)

# The states from which an officer may discard an incoming student.
DISCARDABLE_STATES = (State.UNMATCHED, State.INVALID)


def incoming_students_discard(*, incoming_student_ids: Iterable[int], actor) -> BulkOutcome:
    """Discard each incoming student in its own transaction, with its audit row.

    A student no longer unmatched or invalid (another officer decided it
    first) is left as it is and listed in the outcome's skipped students.
    """
    outcome = BulkOutcome()
    for incoming_student_id in dict.fromkeys(incoming_student_ids):
        skipped = _incoming_student_discard(incoming_student_id, actor)
        if skipped is None:
            outcome.done.append(incoming_student_id)
        else:
            outcome.skipped.append(skipped)

    logger.info(
        "Incoming students discarded: user=%s discarded=%d skipped=%d",
        actor.pk,
        len(outcome.done),
        len(outcome.skipped),
    )
    return outcome


def _incoming_student_discard(incoming_student_id: int, actor) -> SkippedStudent | None:
    with transaction.atomic():
        incoming_student = (
            IncomingStudent.objects.select_for_update().filter(pk=incoming_student_id).first()
        )
        if incoming_student is None or incoming_student.state not in DISCARDABLE_STATES:
            state_label = State(incoming_student.state).label if incoming_student else None
            return SkippedStudent(
                incoming_student_id, changed_message(incoming_student_id, state_label)
            )

        from_state = incoming_student.state
        incoming_student.state = State.DISCARDED
        incoming_student.version += 1
        incoming_student.save(update_fields=["state", "version", "updated_at"])

        audit_record(
            action="incoming_student_discard",
            actor=actor,
            incoming_student_id=incoming_student.pk,
            incoming_file_id=incoming_student.incoming_file_id,
            from_state=from_state,
            to_state=State.DISCARDED,
            reason="Discarded by an officer",
        )
    return None
