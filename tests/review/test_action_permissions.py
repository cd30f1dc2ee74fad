"""Every review action rejects, on the server, a user without its permission."""

import pytest
from tests.factories import IncomingStudentFactory, PossibleMatchFactory

from portal_backoffice.accounts.models import AuditEvent
from portal_backoffice.intake.models.choices import State
from portal_backoffice.register.models import Student

pytestmark = pytest.mark.django_db

ROLES_WITHOUT_LA_DATA_PROCESSING = ["conflict_manager", "no_permission"]


@pytest.fixture
def possible_match():
    return PossibleMatchFactory()


def _actions(possible_match):
    """(URL, POST data, the 403 page's sentence) for each action that needs the permission."""
    incoming = possible_match.incoming_student
    ids = {"incoming_student_ids": [incoming.pk], "confirm": "yes"}
    return [
        (
            f"/incoming-students/{incoming.pk}/select/",
            {"student_id": possible_match.student_id, "version": incoming.version},
            "You do not have permission to match incoming students.",
        ),
        ("/incoming-students/add-new/", ids, "You do not have permission to add new students."),
        (
            "/incoming-students/add-new/",
            {"incoming_student_ids": [incoming.pk]},
            "You do not have permission to add new students.",
        ),
        (
            "/incoming-students/discard/",
            ids,
            "You do not have permission to discard incoming students.",
        ),
    ]


@pytest.mark.parametrize("role", ROLES_WITHOUT_LA_DATA_PROCESSING)
def test_post_actions_rejected_and_nothing_changes(client_as, role, possible_match):
    client = client_as(role)
    incoming = possible_match.incoming_student

    for url, data, sentence in _actions(possible_match):
        response = client.post(url, data)

        assert response.status_code == 403, url
        assert sentence in response.text, url

    incoming.refresh_from_db()
    assert incoming.state == State.UNMATCHED
    assert incoming.version == 1
    assert incoming.matched_student_id is None
    assert Student.objects.count() == 1
    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize("role", ROLES_WITHOUT_LA_DATA_PROCESSING)
def test_possible_matches_page_rejected(client_as, role, possible_match):
    url = f"/incoming-students/{possible_match.incoming_student_id}/possible-matches/"

    response = client_as(role).get(url)

    assert response.status_code == 403
    assert "You do not have permission to match incoming students." in response.text


def test_data_processor_may_discard(client_as):
    incoming = IncomingStudentFactory()

    response = client_as("data_processor").post(
        "/incoming-students/discard/", {"incoming_student_ids": [incoming.pk], "confirm": "yes"}
    )

    assert response.status_code == 302
    incoming.refresh_from_db()
    assert incoming.state == State.DISCARDED


@pytest.mark.parametrize(
    "url",
    ["/incoming-students/add-new/", "/incoming-students/discard/", "/incoming-students/1/select/"],
)
def test_post_actions_need_sign_in(client, url):
    response = client.post(url, {"incoming_student_ids": ["1"], "confirm": "yes"})

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")


@pytest.mark.parametrize("url", ["/incoming-students/add-new/", "/incoming-students/discard/"])
def test_actions_reject_get(officer_client, url):
    assert officer_client.get(url).status_code == 405


def test_post_without_csrf_token_is_rejected(officer):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    incoming = IncomingStudentFactory()

    response = client.post(
        "/incoming-students/discard/", {"incoming_student_ids": [incoming.pk], "confirm": "yes"}
    )

    assert response.status_code == 403
    incoming.refresh_from_db()
    assert incoming.state == State.UNMATCHED
