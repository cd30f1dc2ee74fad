"""Add New: an officer adds unmatched incoming students to the register as new students."""

import logging
from collections.abc import Iterable

from django.db import transaction

from portal_backoffice.intake.models import IncomingStudent
from portal_backoffice.intake.models.choices import MatchMethod, State
from portal_backoffice.intake.services.linking import (
    IncomingStudentChanged,
    incoming_student_link,
)
from portal_backoffice.intake.services.match_index import match_index_refresh_on_commit
from portal_backoffice.intake.services.values import student_address_history_record
from portal_backoffice.matching.identifiers import is_temporary_upn, is_valid_upn, normalise_upn
from portal_backoffice.register.models import Student
from portal_backoffice.register.models.choices import Gender

from .outcomes import BulkOutcome, SkippedStudent, changed_message

logger = logging.getLogger(__name__)


class UpnHeldElsewhere(Exception):
    """The incoming student's permanent UPN already belongs to a student in the register."""

    def __init__(self, incoming_student_id: int, student_id: int):
        self.student_id = student_id
        super().__init__(
            f"Incoming student {incoming_student_id} was not added because its UPN already "
            f"belongs to student {student_id}. Match it to that student instead."
        )


def incoming_students_add_new(*, incoming_student_ids: Iterable[int], actor) -> BulkOutcome:
    """Add each unmatched incoming student as a new student, one transaction each.

    incoming_student_link then links the two with method ADDED, settles the
    carers and data groups, and writes the audit row. A student no longer
    unmatched, or whose UPN another student holds, is left as it is and listed
    in the outcome's skipped students. The new students reach the match index once
    the work commits.
    """
    outcome = BulkOutcome()
    added_student_ids = []
    for incoming_student_id in dict.fromkeys(incoming_student_ids):
        try:
            with transaction.atomic():
                student = _incoming_student_add_new(incoming_student_id, actor)
        except IncomingStudentChanged:
            outcome.skipped.append(_changed_skip(incoming_student_id))
        except UpnHeldElsewhere as error:
            outcome.skipped.append(SkippedStudent(incoming_student_id, str(error)))
        else:
            outcome.done.append(incoming_student_id)
            added_student_ids.append(student.pk)

    match_index_refresh_on_commit(added_student_ids)
    logger.info(
        "Incoming students added as new students: user=%s added=%d skipped=%d",
        actor.pk,
        len(outcome.done),
        len(outcome.skipped),
    )
    return outcome


def _incoming_student_add_new(incoming_student_id: int, actor) -> Student:
    incoming_student = (
        IncomingStudent.objects.select_for_update()
        .select_related("incoming_file")
        .filter(pk=incoming_student_id)
        .first()
    )
    if incoming_student is None or incoming_student.state != State.UNMATCHED:
        raise IncomingStudentChanged(incoming_student_id)

    upn = _permanent_upn(incoming_student)
    holder_id = None
    if upn:
        holder_id = Student.objects.filter(upn=upn).values_list("pk", flat=True).first()
    if holder_id is not None:
        raise UpnHeldElsewhere(incoming_student_id, holder_id)

    student = Student.objects.create(**_student_values(incoming_student, upn))
    student_address_history_record(student=student)

    incoming_student_link(
        incoming_student=incoming_student, student=student, method=MatchMethod.ADDED, actor=actor
    )
    return student


def _permanent_upn(incoming_student: IncomingStudent) -> str | None:
    # A temporary UPN is not the child's for life, so it is never a student's
    # UPN. Linking keeps it as a former UPN instead.
    upn = normalise_upn(incoming_student.upn or "")
    if upn and is_valid_upn(upn) and not is_temporary_upn(upn):
        return upn
    return None


def _student_values(incoming_student: IncomingStudent, upn: str | None) -> dict:
    return {
        "legal_forename": incoming_student.forename,
        "legal_surname": incoming_student.surname,
        "middle_names": incoming_student.middle_names,
        "date_of_birth": incoming_student.date_of_birth,
        "gender": incoming_student.gender or Gender.UNKNOWN,
        "upn": upn,
        "address_line_1": incoming_student.address_line_1,
        "address_line_2": incoming_student.address_line_2,
        "town": incoming_student.town,
        "postcode": incoming_student.postcode,
        "base": incoming_student.incoming_file.base,
        "ncy": incoming_student.ncy,
        "registration_group": incoming_student.registration_group,
    }


def _changed_skip(incoming_student_id: int) -> SkippedStudent:
    state = IncomingStudent.objects.filter(pk=incoming_student_id).values_list("state", flat=True)
    state_value = state.first()
    state_label = State(state_value).label if state_value else None
    return SkippedStudent(incoming_student_id, changed_message(incoming_student_id, state_label))
