"""Add New confirms first, then adds each unmatched student to the register."""

import datetime

import pytest
from tests.factories import (
    BaseFactory,
    IncomingFileFactory,
    IncomingStudentFactory,
    StudentFactory,
)

from portal_backoffice.accounts.models import AuditEvent
from portal_backoffice.intake.models.choices import MatchMethod, State
from portal_backoffice.register.models import Student

pytestmark = pytest.mark.django_db

URL = "/incoming-students/add-new/"
QUESTION = "Selected Unmatched Students will be added to the database, do you wish to continue?"
# A permanent UPN whose check letter is right (LA 373, DfE UPN guide example).
PERMANENT_UPN = "F373200124123"
TEMPORARY_UPN = "Z82320102415C"


@pytest.fixture
def incoming():
    base = BaseFactory(name="Fernhollow Nursery")
    return IncomingStudentFactory(
        incoming_file=IncomingFileFactory(base=base),
        forename="Perpetua",
        middle_names="Isolde",
        surname="Wrenfield",
        preferred_forename="Pet",
        date_of_birth=datetime.date(2016, 9, 9),
        gender="F",
        upn=PERMANENT_UPN,
        address_line_1="3 Bramblegate Court",
        town="Marrowby",
        postcode="ZZ2 7QD",
        ncy="R",
        registration_group="RB",
    )


def test_first_post_asks_for_confirmation(officer_client, incoming):
    response = officer_client.post(URL, {"incoming_student_ids": [incoming.pk]})

    assert response.status_code == 200
    assert f'<h1 class="govuk-heading-l">{QUESTION}</h1>' in response.text
    assert "Perpetua Wrenfield, born 9 September 2016" in response.text
    assert f'name="incoming_student_ids" value="{incoming.pk}"' in response.text
    assert 'name="confirm" value="yes"' in response.text
    assert Student.objects.count() == 0


def test_nothing_selected_shows_error_summary(officer_client, incoming):
    response = officer_client.post(URL, {})

    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert "Select at least one unmatched student to add" in response.text
    assert "<title>Error: " in response.text


def test_yes_adds_student_from_incoming_details(officer_client, incoming):
    response = officer_client.post(URL, {"incoming_student_ids": [incoming.pk], "confirm": "yes"})

    assert response.status_code == 302
    student = Student.objects.get()
    assert student.legal_forename == "Perpetua"
    assert student.middle_names == "Isolde"
    assert student.legal_surname == "Wrenfield"
    assert student.date_of_birth == datetime.date(2016, 9, 9)
    assert student.gender == "F"
    assert student.upn == PERMANENT_UPN
    assert student.base.name == "Fernhollow Nursery"
    assert student.ncy == "R"
    assert student.registration_group == "RB"
    assert (student.address_line_1, student.town, student.postcode) == (
        "3 Bramblegate Court",
        "Marrowby",
        "ZZ2 7QD",
    )


def test_added_student_has_current_address_row(officer_client, incoming):
    officer_client.post(URL, {"incoming_student_ids": [incoming.pk], "confirm": "yes"})

    address = Student.objects.get().addresses.get()
    assert address.address_line_1 == "3 Bramblegate Court"
    assert address.postcode == "ZZ2 7QD"
    assert address.valid_to is None


def test_yes_links_incoming_and_writes_audit_row(officer_client, officer, incoming):
    officer_client.post(URL, {"incoming_student_ids": [incoming.pk], "confirm": "yes"})

    incoming.refresh_from_db()
    student = Student.objects.get()
    assert incoming.matched_student == student
    assert incoming.match_method == MatchMethod.ADDED
    assert incoming.state != State.UNMATCHED

    event = AuditEvent.objects.get(incoming_student_id=incoming.pk)
    assert event.actor == officer
    assert event.student_id == student.pk
    assert event.details["method"] == MatchMethod.ADDED


def test_several_students_each_added_and_audited(officer_client):
    chosen = IncomingStudentFactory.create_batch(3)
    left = IncomingStudentFactory()

    response = officer_client.post(
        URL, {"incoming_student_ids": [each.pk for each in chosen], "confirm": "yes"}
    )
    page = officer_client.get(response["Location"])

    assert Student.objects.count() == 3
    assert AuditEvent.objects.filter(incoming_student_id__in=[c.pk for c in chosen]).count() == 3
    assert "3 students added to the register." in page.text
    left.refresh_from_db()
    assert left.state == State.UNMATCHED


def test_temporary_upn_is_not_the_student_upn(officer_client, incoming):
    incoming.upn = TEMPORARY_UPN
    incoming.save()

    officer_client.post(URL, {"incoming_student_ids": [incoming.pk], "confirm": "yes"})

    student = Student.objects.get()
    assert student.upn is None
    assert list(student.former_upns.values_list("upn", flat=True)) == [TEMPORARY_UPN]


def test_upn_held_by_another_student_is_rejected(officer_client, incoming):
    holder = StudentFactory(upn=PERMANENT_UPN)

    response = officer_client.post(URL, {"incoming_student_ids": [incoming.pk], "confirm": "yes"})
    page = officer_client.get(response["Location"])

    assert Student.objects.count() == 1
    incoming.refresh_from_db()
    assert incoming.state == State.UNMATCHED
    assert (
        f"Incoming student {incoming.pk} was not added because its UPN already belongs to "
        f"student {holder.pk}. Match it to that student instead."
    ) in page.text


def test_student_decided_by_someone_else_is_rejected(officer_client, incoming):
    other = IncomingStudentFactory()
    incoming.state = State.DISCARDED
    incoming.save()

    response = officer_client.post(
        URL, {"incoming_student_ids": [incoming.pk, other.pk], "confirm": "yes"}
    )
    page = officer_client.get(response["Location"])

    assert Student.objects.count() == 1
    assert "1 student added to the register." in page.text
    assert (
        f"Incoming student {incoming.pk} was changed by someone else since you opened it "
        "and is now discarded."
    ) in page.text


def test_second_yes_adds_nothing_more(officer_client, incoming):
    data = {"incoming_student_ids": [incoming.pk], "confirm": "yes"}
    officer_client.post(URL, data)
    officer_client.post(URL, data)

    assert Student.objects.count() == 1
    assert AuditEvent.objects.filter(incoming_student_id=incoming.pk).count() == 1


def test_new_student_reaches_match_index_on_commit(
    officer_client, incoming, django_capture_on_commit_callbacks, monkeypatch
):
    refreshed = []
    monkeypatch.setattr(
        "portal_backoffice.intake.services.match_index.match_index_refresh_students",
        lambda ids: refreshed.append(list(ids)),
    )

    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post(URL, {"incoming_student_ids": [incoming.pk], "confirm": "yes"})

    assert [Student.objects.get().pk] in refreshed
