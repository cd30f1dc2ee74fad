"""An unmatched incoming carer: Match to a person, or Add New Person."""

import datetime

import pytest
from tests.factories import (
    DataConflictFactory,
    IncomingCarerFactory,
    IncomingStudentFactory,
    PersonFactory,
    StudentCarerFactory,
    StudentFactory,
)

from portal_backoffice.accounts.models import AuditEvent
from portal_backoffice.intake.models.choices import ConflictDecision, DataGroup, State
from portal_backoffice.register.models import Person, StudentCarer

pytestmark = pytest.mark.django_db


@pytest.fixture
def student():
    return StudentFactory(legal_forename="Ottilie", legal_surname="Tansley", postcode="ZZ1 4AB")


@pytest.fixture
def incoming(student):
    return IncomingStudentFactory(
        forename="Ottilie",
        surname="Tansley",
        state=State.PENDING,
        matched_student=student,
        version=2,
    )


@pytest.fixture
def carer(incoming):
    carer = IncomingCarerFactory(
        incoming_student=incoming,
        title="Mx",
        forename="Wilhelmina",
        middle_names="Rue",
        surname="Tansley",
        date_of_birth=datetime.date(1987, 3, 27),
        ni_number="AB123456C",
        nass_number="",
        address_line_1="14 Thistledown Row",
        town="Marrowby",
        postcode="ZZ1 4AB",
        phone="01632 960111",
        email="w.tansley@example.org",
        relationship="Mother",
        parental_responsibility=True,
    )
    DataConflictFactory(
        incoming_student=incoming,
        data_group=DataGroup.CARERS,
        field="carer",
        incoming_carer=carer,
        la_value="",
        incoming_value="Wilhelmina Tansley Mother",
    )
    return carer


def add_url(carer):
    return f"/incoming-carers/{carer.pk}/add-new-person/"


def form_data(incoming, **changes):
    data = {
        "version": incoming.version,
        "title": "Mx",
        "forename": "Wilhelmina",
        "middle_names": "Rue",
        "surname": "Tansley",
        "date_of_birth_day": "27",
        "date_of_birth_month": "3",
        "date_of_birth_year": "1987",
        "ni_number": "AB 12 34 56 C",
        "nass_number": "",
        "address_line_1": "14 Thistledown Row",
        "address_line_2": "",
        "town": "Marrowby",
        "postcode": "ZZ1 4AB",
        "phone": "01632 960111",
        "email": "w.tansley@example.org",
        "relationship": "Mother",
        "parental_responsibility": "on",
    }
    data.update(changes)
    return data


def test_add_new_person_form_is_filled_from_carer(officer_client, carer):
    response = officer_client.get(add_url(carer))

    assert response.status_code == 200
    assert 'name="forename" type="text" value="Wilhelmina"' in response.text
    assert 'name="ni_number" type="text" value="AB 12 34 56 C"' in response.text
    assert 'name="date_of_birth_day" type="text" inputmode="numeric" value="27"' in response.text
    assert 'name="date_of_birth_year" type="text" inputmode="numeric" value="1987"' in response.text
    assert 'name="parental_responsibility" type="checkbox" value="on" checked' in response.text


def test_save_adds_person_and_links_student(officer_client, incoming, student, carer):
    response = officer_client.post(add_url(carer), form_data(incoming, phone="01632 960999"))

    assert response.status_code == 302
    person = Person.objects.get()
    assert person.ni_number == "AB123456C"
    assert person.phone == "01632 960999"
    assert person.date_of_birth == datetime.date(1987, 3, 27)
    link = StudentCarer.objects.get(student=student)
    assert link.person == person
    assert link.relationship == "Mother"
    assert link.parental_responsibility is True
    carer.refresh_from_db()
    assert carer.matched_person == person
    incoming.refresh_from_db()
    assert incoming.state == State.PROCESSED
    assert incoming.conflicts.get().decision == ConflictDecision.ACCEPTED
    event = AuditEvent.objects.get(action="incoming_carer_add_person")
    assert event.person_id == person.pk
    assert event.to_state == State.PROCESSED


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "ni_number",
            "AB 12 34 56",
            "Enter a National Insurance number in the right format, like QQ 12 34 56 C",
        ),
        (
            "nass_number",
            "12345",
            "Enter an asylum support reference number of 9 or 10 digits, "
            "with digits 3 and 4 a month from 01 to 12",
        ),
    ],
)
def test_malformed_identifier_is_rejected(officer_client, incoming, carer, field, value, message):
    response = officer_client.post(add_url(carer), form_data(incoming, **{field: value}))

    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert f'<a href="#{field.replace("_", "-")}">{message}</a>' in response.text
    assert not Person.objects.exists()


def test_ni_number_of_another_person_names_them(officer_client, incoming, carer):
    holder = PersonFactory(ni_number="AB123456C")

    response = officer_client.post(add_url(carer), form_data(incoming))

    assert response.status_code == 400
    assert (
        f'<a href="#ni-number">NI number AB 12 34 56 C already belongs to person {holder.pk}</a>'
        in response.text
    )
    assert Person.objects.count() == 1


def test_impossible_date_of_birth_is_rejected(officer_client, incoming, carer):
    response = officer_client.post(
        add_url(carer), form_data(incoming, date_of_birth_day="31", date_of_birth_month="2")
    )

    assert response.status_code == 400
    assert '<a href="#date-of-birth-day">Date of birth must be a real date</a>' in response.text


def test_stale_version_is_told_and_adds_nothing(officer_client, incoming, carer):
    response = officer_client.post(add_url(carer), form_data(incoming, version=1))

    assert response.status_code == 409
    assert "This student was changed by someone else since you opened it" in response.text
    assert not Person.objects.exists()


@pytest.mark.parametrize("role", ["conflict_manager", "no_permission"])
def test_carer_actions_need_la_data_processing(client_as, incoming, carer, role):
    client = client_as(role)

    assert client.get(add_url(carer)).status_code == 403
    assert client.post(add_url(carer), form_data(incoming)).status_code == 403
    assert client.get(f"/incoming-carers/{carer.pk}/possible-matches/").status_code == 403
    assert not Person.objects.exists()


def test_possible_matches_list_own_carers_first(officer_client, student, carer):
    same_ni = PersonFactory(forename="Wilhelmina", surname="Oakhurst", ni_number="AB123456C")
    own = StudentCarerFactory(student=student, person__surname="Tansley").person
    same_home = PersonFactory(surname="Tansley", postcode="ZZ1 4AB")
    PersonFactory(surname="Tansley", postcode="ZZ9 9ZZ")

    response = officer_client.get(f"/incoming-carers/{carer.pk}/possible-matches/")

    text = response.text
    assert text.count("Select<span") == 3
    assert (
        text.index(f"Person {own.pk}:")
        < text.index(f"Person {same_ni.pk}:")
        < text.index(f"Person {same_home.pk}:")
    )
    assert "A carer of this student" in text
    assert "Same NI number" in text
    assert "Same surname and postcode" in text


def test_select_links_carer_and_processes_student(officer_client, incoming, student, carer):
    # The same details as the incoming carer, so nothing differs.
    person = PersonFactory(
        title="Mx",
        middle_names="Rue",
        surname="Tansley",
        date_of_birth=datetime.date(1987, 3, 27),
        ni_number="AB123456C",
        phone="01632 960111",
        email="w.tansley@example.org",
    )

    response = officer_client.post(
        f"/incoming-carers/{carer.pk}/select/",
        {"student_id": person.pk, "version": incoming.version},
    )

    assert response.status_code == 302
    carer.refresh_from_db()
    assert carer.matched_person == person
    assert StudentCarer.objects.get(student=student).person == person
    incoming.refresh_from_db()
    assert incoming.state == State.PROCESSED
    assert AuditEvent.objects.get(action="incoming_carer_select").person_id == person.pk


def test_select_of_unlisted_person_is_rejected(officer_client, incoming, carer):
    stranger = PersonFactory(surname="Oakhurst", postcode="ZZ9 9ZZ")

    response = officer_client.post(
        f"/incoming-carers/{carer.pk}/select/",
        {"student_id": stranger.pk, "version": incoming.version},
    )

    assert response.status_code == 400
    carer.refresh_from_db()
    assert carer.matched_person is None


def test_one_of_two_carers_resolved_stays_pending(officer_client, incoming, carer):
    second = IncomingCarerFactory(incoming_student=incoming, forename="Barnaby")
    DataConflictFactory(
        incoming_student=incoming,
        data_group=DataGroup.CARERS,
        field="carer",
        incoming_carer=second,
    )

    officer_client.post(add_url(carer), form_data(incoming))

    incoming.refresh_from_db()
    assert incoming.state == State.PENDING


def test_select_raises_differing_details_as_conflicts(officer_client, incoming, carer):
    person = PersonFactory(surname="Tansley", postcode="ZZ1 4AB", phone="01632 960555", email="")

    officer_client.post(
        f"/incoming-carers/{carer.pk}/select/",
        {"student_id": person.pk, "version": incoming.version},
    )

    incoming.refresh_from_db()
    assert incoming.state == State.MATCHED_WITH_CONFLICTS
    raised = incoming.conflicts.get(field="carer.phone")
    assert raised.la_value == "01632 960555"
    assert raised.incoming_value == "01632 960111"
    assert raised.decision == ConflictDecision.OPEN
    person.refresh_from_db()
    # The Carers rule imports a value the person does not have yet.
    assert person.email == "w.tansley@example.org"
    event = AuditEvent.objects.get(action="incoming_carer_select")
    assert "carer.phone" in event.details["carer_conflict_fields"]
    assert "email" in event.details["imported_carer_fields"]
