"""Discard confirms first, then discards each selected student with an audit row."""

import pytest
from tests.factories import IncomingStudentFactory

from portal_backoffice.accounts.models import AuditEvent
from portal_backoffice.intake.models.choices import State

pytestmark = pytest.mark.django_db

URL = "/incoming-students/discard/"


def test_first_post_asks_for_confirmation(officer_client):
    incoming = IncomingStudentFactory(forename="Perpetua", surname="Wrenfield")

    response = officer_client.post(URL, {"incoming_student_ids": [incoming.pk]})

    assert response.status_code == 200
    expected_heading = (
        '<h1 class="govuk-heading-l">Do you wish to discard the selected students?</h1>'
    )
    assert expected_heading in response.text
    assert "Perpetua Wrenfield" in response.text
    incoming.refresh_from_db()
    assert incoming.state == State.UNMATCHED


def test_nothing_selected_shows_error_summary(officer_client):
    response = officer_client.post(URL, {"confirm": "yes"})

    assert response.status_code == 400
    assert "Select at least one unmatched student to discard" in response.text


def test_yes_discards_each_with_audit_row(officer_client, officer):
    chosen = IncomingStudentFactory.create_batch(2)
    left = IncomingStudentFactory()

    response = officer_client.post(
        URL, {"incoming_student_ids": [each.pk for each in chosen], "confirm": "yes"}
    )
    page = officer_client.get(response["Location"])

    assert "2 students discarded." in page.text
    for incoming in chosen:
        incoming.refresh_from_db()
        assert incoming.state == State.DISCARDED
        assert incoming.version == 2
        event = AuditEvent.objects.get(incoming_student_id=incoming.pk)
        assert event.action == "incoming_student_discard"
        assert event.actor == officer
        assert (event.from_state, event.to_state) == (State.UNMATCHED, State.DISCARDED)
    left.refresh_from_db()
    assert left.state == State.UNMATCHED


def test_student_matched_meanwhile_is_not_discarded(officer_client):
    incoming = IncomingStudentFactory(state=State.MATCHED_WITH_CONFLICTS)

    response = officer_client.post(URL, {"incoming_student_ids": [incoming.pk], "confirm": "yes"})
    page = officer_client.get(response["Location"])

    incoming.refresh_from_db()
    assert incoming.state == State.MATCHED_WITH_CONFLICTS
    assert not AuditEvent.objects.filter(incoming_student_id=incoming.pk).exists()
    assert (
        f"Incoming student {incoming.pk} was changed by someone else since you opened it "
        "and is now matched with conflicts."
    ) in page.text


def test_missing_student_is_reported(officer_client):
    response = officer_client.post(URL, {"incoming_student_ids": ["999999"], "confirm": "yes"})
    page = officer_client.get(response["Location"])

    assert "Incoming student 999999 was not found. It may have been removed." in page.text
