"""Select: an officer links an unmatched incoming student to a student they chose."""

import logging

from django.db import transaction

from portal_backoffice.intake.models import IncomingStudent
from portal_backoffice.intake.models.choices import MatchMethod, State
from portal_backoffice.intake.services.linking import (
    IncomingStudentChanged,
    incoming_student_link,
)
from portal_backoffice.register.models import Student

logger = logging.getLogger(__name__)


class StudentNotLinkable(Exception):
    """The chosen student does not exist or is closed to linking."""


def incoming_student_select(
    *, incoming_student_id: int, student_id: int, actor, expected_version: int
) -> IncomingStudent:
    """Link the incoming student to the student the officer selected, in one transaction.

    Raises IncomingStudentChanged, and changes nothing, when the incoming
    student is no longer unmatched or its version is not expected_version.
    Either means another officer decided it after this one opened the page.
    Raises StudentNotLinkable for a missing or closed student.
    """
    with transaction.atomic():
        incoming_student = (
            IncomingStudent.objects.select_for_update().filter(pk=incoming_student_id).first()
        )
        if (
            incoming_student is None
            or incoming_student.state != State.UNMATCHED
            or incoming_student.version != expected_version
        ):
            raise IncomingStudentChanged(incoming_student_id)

        student = Student.objects.filter(pk=student_id, do_not_link=False).first()
        if student is None:
            raise StudentNotLinkable(f"Student {student_id} was not found or cannot be linked.")

        linked = incoming_student_link(
            incoming_student=incoming_student,
            student=student,
            method=MatchMethod.SELECTED,
            actor=actor,
        )

    logger.info(
        "Incoming student selected: incoming_student=%d student=%d user=%s state=%s",
        incoming_student_id,
        student_id,
        actor.pk,
        linked.state,
    )
    return linked
