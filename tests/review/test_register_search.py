"""The register search on Possible Matches: validation, results and Select."""

import datetime

import pytest
from tests.factories import IncomingStudentFactory, PossibleMatchFactory, StudentFactory

from portal_backoffice.intake.models.choices import MatchMethod, State
from portal_backoffice.intake.services.match_index import match_index_rebuild

pytestmark = pytest.mark.django_db


def _url(incoming):
    return f"/incoming-students/{incoming.pk}/possible-matches/"


@pytest.fixture
def incoming():
    return IncomingStudentFactory(
        forename="Perpetua",
        surname="Wrenfield",
        date_of_birth=datetime.date(2016, 9, 9),
        postcode="ZZ1 4AB",
    )


@pytest.fixture
def register():
    """Three students, of whom the matcher stored none as a possible match."""
    same = StudentFactory(
        legal_forename="Perpetua",
        legal_surname="Wrenfield",
        date_of_birth=datetime.date(2016, 9, 9),
        postcode="ZZ1 4AB",
    )
    StudentFactory(
        legal_forename="Cordelia",
        legal_surname="Ashgrove",
        date_of_birth=datetime.date(2012, 1, 30),
        postcode="ZZ9 9ZZ",
    )
    sealed = StudentFactory(
        legal_forename="Perpetua",
        legal_surname="Wrenfield",
        date_of_birth=datetime.date(2016, 9, 9),
        postcode="ZZ1 4AB",
        do_not_link=True,
    )
    match_index_rebuild()
    return same, sealed


def _search(client, incoming, **terms):
    values = {
        "search": "1",
        "surname": "",
        "forename": "",
        "date_of_birth_day": "",
        "date_of_birth_month": "",
        "date_of_birth_year": "",
        "gender": "",
        "postcode": "",
        "upn": "",
    }
    values.update(terms)
    return client.get(_url(incoming), values)


def test_search_form_prefilled_from_incoming(officer_client, incoming):
    response = officer_client.get(_url(incoming))

    assert 'id="search-surname" name="surname" type="text" value="Wrenfield"' in response.text
    assert 'id="search-forename" name="forename" type="text" value="Perpetua"' in response.text
    assert 'name="date_of_birth_day" type="text" inputmode="numeric" value="9"' in response.text
    assert 'name="date_of_birth_year" type="text" inputmode="numeric" value="2016"' in response.text
    assert 'value="ZZ1 4AB"' in response.text
    assert response.context["search_cards"] is None


def test_search_finds_register_student(officer_client, incoming, register):
    same, sealed = register

    response = _search(
        officer_client,
        incoming,
        surname="Wrenfield",
        forename="Perpetua",
        date_of_birth_day="9",
        date_of_birth_month="9",
        date_of_birth_year="2016",
        postcode="zz14ab",
    )

    assert response.status_code == 200
    cards = response.context["search_cards"]
    assert cards[0].student_id == same.pk
    assert sealed.pk not in [card.student_id for card in cards]
    assert cards[0].score.endswith("%")
    assert cards[0].reasons
    assert "Students found in the register" in response.text
    assert '<input type="hidden" name="from_search" value="1">' in response.text


def test_search_with_no_result(officer_client, incoming, register):
    response = _search(officer_client, incoming, surname="Zebedee-Quillfeather")

    assert response.context["search_cards"] == []
    assert "No student in the register matches these details." in response.text


@pytest.mark.parametrize(
    ("terms", "href", "message"),
    [
        (
            {"date_of_birth_day": "30", "date_of_birth_month": "2", "date_of_birth_year": "2016"},
            "#search-date-of-birth-day",
            "Date of birth must be a real date",
        ),
        (
            {"date_of_birth_day": "9", "date_of_birth_year": "2016"},
            "#search-date-of-birth-day",
            "Date of birth must include a month",
        ),
        (
            {"date_of_birth_day": "1", "date_of_birth_month": "1", "date_of_birth_year": "2999"},
            "#search-date-of-birth-day",
            "Date of birth must be in the past",
        ),
        ({"postcode": "NOT A CODE"}, "#search-postcode", "Enter a real postcode, like LS6 3QW"),
        (
            {"upn": "A12345678901"},
            "#search-upn",
            "Enter a UPN of 13 characters, a letter followed by 11 digits and a digit or letter",
        ),
        ({}, "#search-surname", "Enter at least one search term"),
    ],
)
def test_search_rejects_bad_terms(officer_client, incoming, terms, href, message):
    response = _search(officer_client, incoming, **terms)

    assert response.status_code == 400
    assert f'<a href="{href}">{message}</a>' in response.text
    assert response.context["search_cards"] is None


def test_select_from_search_links_student(officer_client, incoming, register):
    same, _ = register

    response = officer_client.post(
        f"/incoming-students/{incoming.pk}/select/",
        {"student_id": same.pk, "version": incoming.version, "from_search": "1"},
    )

    assert response.status_code == 302
    incoming.refresh_from_db()
    assert incoming.matched_student_id == same.pk
    assert incoming.match_method == MatchMethod.SELECTED
    assert incoming.state != State.UNMATCHED


def test_select_from_search_rejects_do_not_link(officer_client, incoming, register):
    _, sealed = register

    response = officer_client.post(
        f"/incoming-students/{incoming.pk}/select/",
        {"student_id": sealed.pk, "version": incoming.version, "from_search": "1"},
    )

    assert response.status_code == 400
    assert "This student cannot be linked. Select another possible match" in response.text
    incoming.refresh_from_db()
    assert incoming.matched_student_id is None


def test_search_hidden_once_not_unmatched(officer_client):
    settled = PossibleMatchFactory(incoming_student__state=State.DISCARDED).incoming_student

    response = officer_client.get(_url(settled))

    assert "Search the register" not in response.text


def test_search_rejected_without_permission(client_as, incoming):
    response = _search(client_as("conflict_manager"), incoming, surname="Wrenfield")

    assert response.status_code == 403
