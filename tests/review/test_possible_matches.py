"""Possible Matches shows each candidate's score and reasons; Select links once."""

import datetime

import pytest
from tests.factories import IncomingStudentFactory, PossibleMatchFactory, StudentFactory

from portal_backoffice.accounts.models import AuditEvent
from portal_backoffice.intake.models import IncomingStudent
from portal_backoffice.intake.models.choices import MatchMethod, State

pytestmark = pytest.mark.django_db


def _url(incoming, page="possible-matches"):
    return f"/incoming-students/{incoming.pk}/{page}/"


@pytest.fixture
def incoming():
    """An unmatched child and the register student who is the same child."""
    return IncomingStudentFactory(
        forename="Perpetua",
        surname="Wrenfield",
        date_of_birth=datetime.date(2016, 9, 9),
        address_line_1="14 Thistledown Row",
        postcode="ZZ1 4AB",
    )


@pytest.fixture
def same_child(incoming):
    student = StudentFactory(
        legal_forename="Perpetua",
        legal_surname="Wrenfield",
        date_of_birth=datetime.date(2016, 9, 9),
        address_line_1="14 Thistledown Row",
        postcode="ZZ1 4AB",
    )
    PossibleMatchFactory(incoming_student=incoming, student=student, rank=1, match_probability=0.93)
    return student


@pytest.fixture
def sibling(incoming):
    student = StudentFactory(
        legal_forename="Barnaby",
        legal_surname="Wrenfield",
        date_of_birth=datetime.date(2014, 2, 3),
        gender="M",
    )
    PossibleMatchFactory(
        incoming_student=incoming,
        student=student,
        rank=2,
        match_probability=0.0421,
        explanation=[
            {
                "field": "forename",
                "level": "different",
                "match_weight": -8.4,
                "reason": "Forenames are different",
            },
            {
                "field": "surname",
                "level": "exact",
                "match_weight": 4.2,
                "reason": "Surname is the same",
            },
        ],
    )
    return student


def _select(client, incoming, student, version=None):
    return client.post(
        _url(incoming, "select"),
        {"student_id": student.pk, "version": incoming.version if version is None else version},
    )


def test_page_shows_incoming_details(officer_client, incoming, same_child):
    response = officer_client.get(_url(incoming))

    assert response.status_code == 200
    assert '<h1 class="govuk-heading-l">Perpetua Wrenfield</h1>' in response.text
    assert "9 September 2016" in response.text
    assert "14 Thistledown Row, Marrowby, ZZ1 4AB" in response.text


def test_page_shows_ranked_scores(officer_client, incoming, same_child, sibling):
    response = officer_client.get(_url(incoming))

    assert "1. Perpetua Wrenfield: score 93.0%" in response.text
    assert "2. Barnaby Wrenfield: score 4.2%" in response.text
    assert response.text.index("1. Perpetua") < response.text.index("2. Barnaby")


def test_page_shows_reasons_with_weights(officer_client, incoming, same_child, sibling):
    response = officer_client.get(_url(incoming))

    assert "Date of birth is the same" in response.text
    assert 'app-weight--positive">+6.1</td>' in response.text
    assert "Forenames are different" in response.text
    assert 'app-weight--negative">\u22128.4</td>' in response.text


def test_select_form_carries_version(officer_client, incoming, same_child):
    response = officer_client.get(_url(incoming))

    assert f'name="student_id" value="{same_child.pk}"' in response.text
    assert f'name="version" value="{incoming.version}"' in response.text


def test_select_links_and_writes_audit_row(officer_client, officer, incoming, same_child):
    response = _select(officer_client, incoming, same_child)

    assert response.status_code == 302
    assert response["Location"] == "/incoming-students/unmatched/"
    incoming.refresh_from_db()
    assert incoming.matched_student_id == same_child.pk
    assert incoming.match_method == MatchMethod.SELECTED
    assert incoming.state == State.PROCESSED
    assert incoming.version == 2

    event = AuditEvent.objects.get(incoming_student_id=incoming.pk)
    assert event.action == "incoming_student_link"
    assert event.actor == officer
    assert event.student_id == same_child.pk
    assert event.from_state == State.UNMATCHED
    assert event.to_state == State.PROCESSED
    assert event.details["method"] == MatchMethod.SELECTED


def test_select_shows_success_banner(officer_client, incoming, same_child):
    response = _select(officer_client, incoming, same_child)
    page = officer_client.get(response["Location"])

    assert "govuk-notification-banner--success" in page.text
    assert (
        f"Perpetua Wrenfield linked to student {same_child.pk}. It is now processed." in page.text
    )


def test_select_with_differences_raises_conflicts(officer_client, incoming, sibling):
    _select(officer_client, incoming, sibling)

    incoming.refresh_from_db()
    assert incoming.state == State.MATCHED_WITH_CONFLICTS
    assert incoming.conflicts.filter(field="legal_forename").count() == 1


def test_stale_version_rejected_with_message(officer_client, incoming, same_child, sibling):
    opened_version = incoming.version
    _select(officer_client, incoming, same_child)

    response = _select(officer_client, incoming, sibling, version=opened_version)

    assert response.status_code == 409
    assert "This student was changed by someone else since you opened it" in response.text
    assert "This student is now processed." in response.text
    assert 'name="student_id"' not in response.text


def test_stale_select_applies_nothing_twice(officer_client, incoming, same_child, sibling):
    opened_version = incoming.version
    _select(officer_client, incoming, same_child)
    _select(officer_client, incoming, sibling, version=opened_version)
    _select(officer_client, incoming, same_child, version=opened_version)

    incoming.refresh_from_db()
    assert incoming.matched_student_id == same_child.pk
    assert incoming.version == 2
    assert AuditEvent.objects.filter(incoming_student_id=incoming.pk).count() == 1
    assert not sibling.incoming_students.exists()


def test_version_changed_by_other_edit_is_rejected(officer_client, incoming, same_child):
    IncomingStudent.objects.filter(pk=incoming.pk).update(version=5)

    response = _select(officer_client, incoming, same_child, version=1)

    assert response.status_code == 409
    incoming.refresh_from_db()
    assert incoming.state == State.UNMATCHED
    assert incoming.matched_student_id is None


def test_select_of_student_not_offered_is_rejected(officer_client, incoming, same_child):
    stranger = StudentFactory(legal_forename="Cordelia", legal_surname="Ashgrove")

    response = _select(officer_client, incoming, stranger)

    assert response.status_code == 400
    assert "Select one of the possible matches" in response.text
    incoming.refresh_from_db()
    assert incoming.state == State.UNMATCHED


def test_select_of_closed_student_is_rejected(officer_client, incoming, same_child):
    same_child.do_not_link = True
    same_child.save()

    response = _select(officer_client, incoming, same_child)

    assert response.status_code == 400
    assert "This student cannot be linked" in response.text
    incoming.refresh_from_db()
    assert incoming.matched_student_id is None


def test_missing_incoming_student_is_not_found(officer_client):
    response = officer_client.get("/incoming-students/999999/possible-matches/")

    assert response.status_code == 404


def test_page_shows_history_after_select(officer_client, incoming, same_child):
    _select(officer_client, incoming, same_child)

    response = officer_client.get(_url(incoming))

    assert (
        f'<h3 class="moj-timeline__title">Linked to student {same_child.pk}</h3>' in response.text
    )
    assert '<p class="moj-timeline__byline">by ada.quenby</p>' in response.text
    assert "Unmatched to processed." in response.text


def test_page_without_events_says_so(officer_client, incoming, same_child):
    response = officer_client.get(_url(incoming))

    assert "Nothing has been recorded for this student yet." in response.text
