"""Clear Conflicts, and Clear Students and Conflicts, on the files ticked in the files tab."""

import logging
from collections.abc import Sequence

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from portal_backoffice.accounts.audit import audit_record
from portal_backoffice.intake.models import IncomingStudent
from portal_backoffice.intake.models.choices import State

logger = logging.getLogger(__name__)


def incoming_files_clear_conflicts(*, incoming_file_ids: Sequence[int], actor) -> int:
    """Move the files' matched-with-conflicts students to cleared. Return how many moved.

    Their conflicts stay in the database, undecided, as a record of what was
    cleared. One transaction covers every student, with an audit row each.
    """
    return _incoming_files_clear(
        incoming_file_ids=incoming_file_ids,
        states=(State.MATCHED_WITH_CONFLICTS,),
        actor=actor,
        reason="Conflicts cleared from the files tab",
    )


def incoming_files_clear_students(*, incoming_file_ids: Sequence[int], actor) -> int:
    """Move the files' unmatched and matched-with-conflicts students to cleared. Return how many.

    Pending students are left, because only a carer still blocks them.
    """
    return _incoming_files_clear(
        incoming_file_ids=incoming_file_ids,
        states=(State.UNMATCHED, State.MATCHED_WITH_CONFLICTS),
        actor=actor,
        reason="Students and conflicts cleared from the files tab",
    )


def _incoming_files_clear(
    *, incoming_file_ids: Sequence[int], states: tuple[State, ...], actor, reason: str
) -> int:
    with transaction.atomic():
        students = list(
            IncomingStudent.objects.select_for_update()
            .filter(incoming_file_id__in=incoming_file_ids, state__in=states)
            .values_list("pk", "incoming_file_id", "state")
        )

        # The same filter as the locked read, not a list of ids, which could
        # pass SQLite's limit on query parameters.
        IncomingStudent.objects.filter(
            incoming_file_id__in=incoming_file_ids, state__in=states
        ).update(state=State.CLEARED, version=F("version") + 1, updated_at=timezone.now())
        # NOTE: one INSERT per student, through the auditor, so clearing many
        # thousands of students keeps the transaction open for longer.
        for pk, incoming_file_id, from_state in students:
            audit_record(
                action="incoming_student_clear",
                actor=actor,
                incoming_student_id=pk,
                incoming_file_id=incoming_file_id,
                from_state=from_state,
                to_state=State.CLEARED,
                reason=reason,
            )

    logger.info(
        "Incoming students cleared: user=%s files=%d students=%d states=%s",
        actor.pk,
        len(incoming_file_ids),
        len(students),
        ",".join(states),
    )
    return len(students)
