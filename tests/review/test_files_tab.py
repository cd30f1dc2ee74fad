"""The Manage Incoming Student Files tab: the list, its filters, Wide View and the clears."""

import datetime

import pytest
from django.utils import timezone
from tests.factories import BaseFactory, IncomingFileFactory, IncomingStudentFactory

from portal_backoffice.accounts.models import AuditEvent
from portal_backoffice.intake.models import IncomingStudent
from portal_backoffice.intake.models.choices import Module, Source, State
from portal_backoffice.review.models import UserPreference

pytestmark = pytest.mark.django_db

FILES_URL = "/incoming-files/"
CLEAR_CONFLICTS_URL = "/incoming-files/clear-conflicts/"
CLEAR_STUDENTS_URL = "/incoming-files/clear-students/"


def _moment(year, month, day, hour=9):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, 15))


@pytest.fixture
def busy_file():
    """A file with 2 unmatched, 1 pending, 3 matched with conflicts and 1 processed student."""
    incoming_file = IncomingFileFactory(
        file_id="PP-2026-0042",
        base=BaseFactory(name="Fernhollow Nursery"),
        source=Source.CITIZEN_PORTAL,
        module=Module.FSM,
        created_at=_moment(2026, 3, 10),
    )
    IncomingStudentFactory.create_batch(2, incoming_file=incoming_file)
    IncomingStudentFactory(incoming_file=incoming_file, state=State.PENDING)
    IncomingStudentFactory.create_batch(
        3, incoming_file=incoming_file, state=State.MATCHED_WITH_CONFLICTS
    )
    IncomingStudentFactory(incoming_file=incoming_file, state=State.PROCESSED)
    return incoming_file


@pytest.fixture
def settled_file():
    incoming_file = IncomingFileFactory(file_id="PP-2026-0007")
    IncomingStudentFactory(incoming_file=incoming_file, state=State.PROCESSED)
    return incoming_file


def _states(incoming_file) -> dict[str, int]:
    counts = {}
    for state in IncomingStudent.objects.filter(incoming_file=incoming_file).values_list(
        "state", flat=True
    ):
        counts[state] = counts.get(state, 0) + 1
    return counts


def test_files_tab_lists_outstanding_files(officer_client, busy_file, settled_file):
    response = officer_client.get(FILES_URL)

    assert response.status_code == 200
    rows = response.context["rows"]
    assert [row.file_id for row in rows] == ["PP-2026-0042"]
    row = rows[0]
    assert (row.unmatched, row.pending, row.matched_with_conflicts) == (2, 1, 3)
    assert row.source == "Citizen portal"
    assert row.module == "Free school meals"
    assert row.base == "Fernhollow Nursery"
    assert row.created_at == "10 March 2026 at 9:15am"
    assert f'name="incoming_file_ids" type="checkbox" value="{busy_file.pk}"' in response.text
    assert 'href="/uploads/"' in response.text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"file_id": "0042"}, ["PP-2026-0042"]),
        ({"file_id": "9999"}, []),
        ({"base_name": "hollow"}, ["PP-2026-0042"]),
        ({"base_name": "Brackenridge"}, ["CTF-0001"]),
        (
            {"created_from_day": "1", "created_from_month": "4", "created_from_year": "2026"},
            ["CTF-0001"],
        ),
        (
            {"created_to_day": "10", "created_to_month": "3", "created_to_year": "2026"},
            ["PP-2026-0042"],
        ),
    ],
)
def test_files_tab_filters(officer_client, busy_file, query, expected):
    other = IncomingFileFactory(
        file_id="CTF-0001",
        base=BaseFactory(name="Brackenridge Primary"),
        created_at=_moment(2026, 4, 2),
    )
    IncomingStudentFactory(incoming_file=other)

    response = officer_client.get(FILES_URL, query)

    assert [row.file_id for row in response.context["rows"]] == expected


def test_files_tab_filters_import_date(officer_client, busy_file):
    today = timezone.localdate()
    query = {
        "imported_from_day": str(today.day),
        "imported_from_month": str(today.month),
        "imported_from_year": str(today.year),
    }
    tomorrow = today + datetime.timedelta(days=1)
    later = {
        "imported_from_day": str(tomorrow.day),
        "imported_from_month": str(tomorrow.month),
        "imported_from_year": str(tomorrow.year),
    }

    assert [row.file_id for row in officer_client.get(FILES_URL, query).context["rows"]] == [
        "PP-2026-0042"
    ]
    assert officer_client.get(FILES_URL, later).context["rows"] == []


def test_files_tab_rejects_bad_filter_date(officer_client, busy_file):
    query = {"imported_to_day": "30", "imported_to_month": "2", "imported_to_year": "2026"}

    response = officer_client.get(FILES_URL, query)

    assert '<a href="#filter-imported-to-day">Imported to must be a real date</a>' in response.text
    assert [row.file_id for row in response.context["rows"]] == ["PP-2026-0042"]


def test_wide_view_remembered_per_user(officer_client, officer, make_user, busy_file):
    response = officer_client.post(
        "/incoming-files/wide-view/", {"wide": "on", "next": "/incoming-files/?file_id=0042"}
    )

    assert response.status_code == 302
    assert response["Location"] == "/incoming-files/?file_id=0042"
    assert UserPreference.objects.get(user=officer).files_wide_view is True
    assert 'id="search-panel"' not in officer_client.get(FILES_URL).text
    assert "Show search panel" in officer_client.get(FILES_URL).text

    other_client = officer_client.__class__()
    other_client.force_login(make_user("officer", "other.officer"))
    assert 'id="search-panel"' in other_client.get(FILES_URL).text

    officer_client.post("/incoming-files/wide-view/", {"wide": "off"})
    assert UserPreference.objects.get(user=officer).files_wide_view is False
    assert 'id="search-panel"' in officer_client.get(FILES_URL).text


def test_wide_view_ignores_other_site_next(officer_client):
    response = officer_client.post(
        "/incoming-files/wide-view/", {"wide": "on", "next": "https://example.com/incoming-files/"}
    )

    assert response["Location"] == FILES_URL


def test_clear_conflicts_confirmation_counts(officer_client, busy_file):
    response = officer_client.post(CLEAR_CONFLICTS_URL, {"incoming_file_ids": [busy_file.pk]})

    assert response.status_code == 200
    assert (
        "3 matched with conflicts students will be cleared. Do you wish to continue?"
        in response.text
    )
    assert "PP-2026-0042, Fernhollow Nursery" in response.text
    assert _states(busy_file)[State.MATCHED_WITH_CONFLICTS] == 3


def test_clear_conflicts_yes_clears_them(officer_client, officer, busy_file):
    response = officer_client.post(
        CLEAR_CONFLICTS_URL, {"incoming_file_ids": [busy_file.pk], "confirm": "yes"}
    )

    assert response.status_code == 302
    assert response["Location"] == FILES_URL
    assert _states(busy_file) == {
        State.UNMATCHED: 2,
        State.PENDING: 1,
        State.CLEARED: 3,
        State.PROCESSED: 1,
    }
    events = AuditEvent.objects.filter(action="incoming_student_clear")
    assert events.count() == 3
    assert {event.from_state for event in events} == {State.MATCHED_WITH_CONFLICTS}
    assert {event.to_state for event in events} == {State.CLEARED}
    assert {event.actor_id for event in events} == {officer.pk}
    assert {event.incoming_file_id for event in events} == {busy_file.pk}
    assert "3 students cleared." in officer_client.get(FILES_URL).text


def test_clear_students_confirmation_counts(officer_client, busy_file):
    response = officer_client.post(CLEAR_STUDENTS_URL, {"incoming_file_ids": [busy_file.pk]})

    assert response.status_code == 200
    assert (
        "2 unmatched students and 3 matched with conflicts students will be cleared."
        in response.text
    )


def test_clear_students_yes_clears_both(officer_client, busy_file):
    officer_client.post(CLEAR_STUDENTS_URL, {"incoming_file_ids": [busy_file.pk], "confirm": "yes"})

    assert _states(busy_file) == {State.PENDING: 1, State.CLEARED: 5, State.PROCESSED: 1}
    assert AuditEvent.objects.filter(action="incoming_student_clear").count() == 5


def test_cleared_versions_increase(officer_client, busy_file):
    officer_client.post(CLEAR_STUDENTS_URL, {"incoming_file_ids": [busy_file.pk], "confirm": "yes"})

    versions = set(
        IncomingStudent.objects.filter(state=State.CLEARED).values_list("version", flat=True)
    )
    assert versions == {2}


def test_fully_cleared_file_leaves_list(officer_client, busy_file):
    officer_client.post(CLEAR_STUDENTS_URL, {"incoming_file_ids": [busy_file.pk], "confirm": "yes"})
    IncomingStudent.objects.filter(state=State.PENDING).update(state=State.PROCESSED)

    assert officer_client.get(FILES_URL).context["rows"] == []


@pytest.mark.parametrize("url", [CLEAR_CONFLICTS_URL, CLEAR_STUDENTS_URL])
def test_clear_without_selection_rejected(officer_client, busy_file, url):
    response = officer_client.post(url, {"confirm": "yes", "incoming_file_ids": ["x"]})

    assert response.status_code == 400
    assert '<a href="#incoming-files">Select at least one file</a>' in response.text
    assert AuditEvent.objects.count() == 0


@pytest.mark.parametrize(
    ("role", "url", "sentence"),
    [
        ("data_processor", CLEAR_CONFLICTS_URL, "You do not have permission to clear conflicts."),
        ("no_permission", CLEAR_CONFLICTS_URL, "You do not have permission to clear conflicts."),
        (
            "conflict_manager",
            CLEAR_STUDENTS_URL,
            "You do not have permission to clear incoming students.",
        ),
        (
            "no_permission",
            CLEAR_STUDENTS_URL,
            "You do not have permission to clear incoming students.",
        ),
    ],
)
def test_clear_rejected_without_permission(client_as, busy_file, role, url, sentence):
    client = client_as(role)

    response = client.post(url, {"incoming_file_ids": [busy_file.pk], "confirm": "yes"})

    assert response.status_code == 403
    assert sentence in response.text
    assert State.CLEARED not in _states(busy_file)
    assert AuditEvent.objects.count() == 0


def test_buttons_follow_permissions(client_as, busy_file):
    conflict_manager_page = client_as("conflict_manager").get(FILES_URL).text
    data_processor_page = client_as("data_processor").get(FILES_URL).text

    assert "Clear conflicts</button>" in conflict_manager_page
    assert "Clear students and conflicts</button>" not in conflict_manager_page
    assert ">Export</button>" not in conflict_manager_page
    assert "Clear conflicts</button>" not in data_processor_page
    assert "Clear students and conflicts</button>" in data_processor_page
    assert ">Export</button>" in data_processor_page
