"""Search the whole register from Possible Matches, with the officer's own search terms."""

import logging

from portal_backoffice.intake.models import IncomingStudent
from portal_backoffice.intake.services.match_index import match_index_locked
from portal_backoffice.matching.records import ChildRecord
from portal_backoffice.register.models import Student

from .presenters import PossibleMatchCard, ReasonRow, score_percentage, student_details, weight_text

logger = logging.getLogger(__name__)

# Maximum number of students one search lists.
SEARCH_LIMIT = 20


def register_search_initial(incoming_student: IncomingStudent) -> dict:
    """Return the search form's starting values: the incoming student's own details."""
    return {
        "surname": incoming_student.surname,
        "forename": incoming_student.forename,
        "date_of_birth": incoming_student.date_of_birth,
        "gender": incoming_student.gender,
        "postcode": incoming_student.postcode,
        "upn": incoming_student.upn,
    }


def register_students_search(
    *, incoming_student_id: int, terms: dict, limit: int = SEARCH_LIMIT
) -> list[PossibleMatchCard]:
    """Score the search terms against every linkable register student; return the best first.

    terms is RegisterSearchForm's cleaned data. The match index raises
    MatchIndexBusy when another process keeps its file open too long.
    """
    query = ChildRecord(
        record_id=incoming_student_id,
        forename=terms["forename"],
        surname=terms["surname"],
        date_of_birth=terms["date_of_birth"],
        gender=terms["gender"],
        postcode=terms["postcode"],
        upn=terms["upn"],
    )
    with match_index_locked() as index:
        scored = index.search(query, limit=limit)

    # The index may lag the register by a commit: offer only students that
    # still exist and may be linked.
    students = Student.objects.filter(
        pk__in=[candidate.student_id for candidate in scored], do_not_link=False
    ).select_related("base")
    by_id = {student.pk: student for student in students}
    logger.info(
        "Register searched: incoming_student=%d found=%d linkable=%d",
        incoming_student_id,
        len(scored),
        len(by_id),
    )
    cards = []
    for candidate in scored:
        student = by_id.get(candidate.student_id)
        if student is None:
            continue
        reasons = [
            ReasonRow(
                reason=reason.reason or reason.field,
                weight=weight_text(reason.match_weight),
                direction="negative" if reason.match_weight < 0 else "positive",
            )
            for reason in candidate.reasons
        ]
        cards.append(
            PossibleMatchCard(
                rank=len(cards) + 1,
                student_id=student.pk,
                name=student.display_name,
                score=score_percentage(candidate.match_probability),
                details=student_details(student),
                reasons=reasons,
            )
        )
    return cards
