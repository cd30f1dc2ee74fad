"""Add New: everything in the file is the new student's own data, so nothing is in conflict."""

import datetime

import pytest
from tests.factories import IncomingCarerFactory, IncomingStudentFactory, UserFactory

from portal_backoffice.intake.models.choices import MatchMethod, State
from portal_backoffice.register.models import Exclusion, LookedAfterPeriod, SenEntry, Student
from portal_backoffice.review.services import incoming_students_add_new

pytestmark = pytest.mark.django_db


@pytest.fixture
def incoming():
    return IncomingStudentFactory(
        forename="Perpetua",
        surname="Wrenfield",
        date_of_birth=datetime.date(2016, 9, 9),
        extra_data={
            "sen": [{"provision": "K", "need_type": "SLCN", "start_date": "2023-09-04"}],
            "exclusions": [{"category": "FIXD", "start_date": "2024-01-15", "sessions": 2}],
            "looked_after": [{"start_date": "2022-05-01", "care_authority": "999"}],
            "leaver": {"reason": "Moved away"},
        },
    )


def test_added_student_gets_every_data_group(incoming):
    outcome = incoming_students_add_new(
        incoming_student_ids=[incoming.pk], actor=UserFactory(username="ada.quenby")
    )

    assert outcome.done == [incoming.pk]
    incoming.refresh_from_db()
    assert incoming.match_method == MatchMethod.ADDED
    assert incoming.state == State.PROCESSED
    assert incoming.conflicts.count() == 0
    student = Student.objects.get(pk=incoming.matched_student_id)
    assert SenEntry.objects.get(student=student).need_type == "SLCN"
    assert Exclusion.objects.get(student=student).start_date == datetime.date(2024, 1, 15)
    assert LookedAfterPeriod.objects.get(student=student).care_authority == "999"
    assert student.leaving_reason == "Moved away"


def test_added_student_with_unmatched_carer_is_pending(incoming):
    IncomingCarerFactory(incoming_student=incoming, forename="Wilhelmina")

    incoming_students_add_new(
        incoming_student_ids=[incoming.pk], actor=UserFactory(username="ada.quenby")
    )

    incoming.refresh_from_db()
    assert incoming.state == State.PENDING
    assert list(incoming.conflicts.values_list("field", flat=True)) == ["carer"]
