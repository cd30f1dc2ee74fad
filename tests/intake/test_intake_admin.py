"""The admin: incoming data read-only, matching settings and rules editable."""

import pytest

from factories import DataConflictFactory, IncomingStudentFactory, StudentFactory, UserFactory
from portal_backoffice.intake.models import DataProcessingRule, MatchingSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize(
    "path",
    [
        "/admin/intake/incomingfile/",
        "/admin/intake/incomingstudent/",
        "/admin/intake/dataconflict/",
        "/admin/intake/rejectedvalue/",
        "/admin/intake/matchingsettings/",
        "/admin/intake/dataprocessingrule/",
        "/admin/register/student/",
        "/admin/register/person/",
        "/admin/register/base/",
        "/admin/register/valuechange/",
    ],
)
def test_admin_list_pages_open(admin_client, path):
    DataConflictFactory()

    assert admin_client.get(path).status_code == 200


def test_incoming_student_is_read_only(admin_client):
    incoming = IncomingStudentFactory(surname="Brackenbury")

    response = admin_client.post(
        f"/admin/intake/incomingstudent/{incoming.pk}/change/", {"surname": "Ashdown"}
    )

    incoming.refresh_from_db()
    assert response.status_code == 403
    assert incoming.surname == "Brackenbury"


def test_student_page_shows_history(admin_client):
    student = StudentFactory()

    assert admin_client.get(f"/admin/register/student/{student.pk}/change/").status_code == 200


def test_matching_settings_editable(admin_client):
    settings_row = MatchingSettings.current()

    response = admin_client.post(
        f"/admin/intake/matchingsettings/{settings_row.pk}/change/",
        {
            "automatic_match_threshold": "0.9995",
            "minimum_margin": "7",
            "possible_match_threshold": "0.02",
            "maximum_possible_matches": "8",
        },
    )

    settings_row.refresh_from_db()
    assert response.status_code == 302
    assert settings_row.automatic_match_threshold == 0.9995
    assert settings_row.maximum_possible_matches == 8


def test_data_processing_rule_added(admin_client):
    response = admin_client.post(
        "/admin/intake/dataprocessingrule/add/",
        {"data_group": "names", "base": "", "action": "always_import"},
    )

    assert response.status_code == 302
    rule = DataProcessingRule.objects.get()
    assert (rule.data_group, rule.base, rule.action) == ("names", None, "always_import")
