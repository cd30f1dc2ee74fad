"""The read-only history page of one LA student."""

import pytest
from tests.factories import (
    DataConflictFactory,
    IncomingStudentFactory,
    PossibleMatchFactory,
    StudentFactory,
)

from portal_backoffice.accounts.audit import audit_record
from portal_backoffice.intake.models.choices import ConflictDecision, DataGroup, State
from portal_backoffice.review.services import incoming_student_conflicts_apply

pytestmark = pytest.mark.django_db


@pytest.fixture
def student():
    return StudentFactory(legal_forename="Ottilie", legal_surname="Tansley")


def url(student):
    return f"/students/{student.pk}/history/"


def test_history_lists_events_and_value_changes(officer_client, officer, student):
    incoming = IncomingStudentFactory(
        forename="Ottoline", state=State.MATCHED_WITH_CONFLICTS, matched_student=student
    )
    conflict = DataConflictFactory(
        incoming_student=incoming,
        data_group=DataGroup.NAMES,
        field="legal_forename",
        la_value="Ottilie",
        incoming_value="Ottoline",
    )
    incoming_student_conflicts_apply(
        incoming_student_id=incoming.pk,
        decisions={conflict.pk: ConflictDecision.ACCEPTED},
        actor=officer,
        expected_version=incoming.version,
    )
    audit_record(action="incoming_student_link", actor=None, system=True, student_id=student.pk)

    response = officer_client.get(url(student))

    assert response.status_code == 200
    text = response.text
    assert "Forename changed" in text
    assert "Ottilie replaced by Ottoline. From incoming student" in text
    assert "Data conflicts decided" in text
    assert f"Linked to student {student.pk}" in text
    assert text.count('class="moj-timeline__item"') == 3
    assert "by ada.quenby" in text
    assert "by the system" in text


def test_history_of_another_student_is_not_shown(officer_client, student):
    other = StudentFactory()
    audit_record(action="incoming_student_link", actor=None, system=True, student_id=other.pk)

    response = officer_client.get(url(student))

    assert "Nothing has been recorded for this student yet." in response.text


def test_history_has_no_edit_or_delete_controls(officer_client, student):
    audit_record(action="incoming_student_link", actor=None, system=True, student_id=student.pk)

    response = officer_client.get(url(student))

    assert "<form" not in response.text.split('id="main-content"')[1].split("</main>")[0]


@pytest.mark.parametrize("role", ["data_processor", "conflict_manager"])
def test_either_permission_reads_history(client_as, student, role):
    assert client_as(role).get(url(student)).status_code == 200


def test_no_permission_is_refused(client_as, student):
    response = client_as("no_permission").get(url(student))

    assert response.status_code == 403
    assert "You do not have permission to view a student&#x27;s history." in response.text


def test_history_rejects_post(officer_client, student):
    assert officer_client.post(url(student)).status_code == 405


def test_missing_student_is_not_found(officer_client):
    assert officer_client.get("/students/999999/history/").status_code == 404


def test_possible_matches_link_to_history(officer_client):
    candidate = PossibleMatchFactory()

    response = officer_client.get(
        f"/incoming-students/{candidate.incoming_student_id}/possible-matches/"
    )

    assert f'href="/students/{candidate.student_id}/history/"' in response.text
