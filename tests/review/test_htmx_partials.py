"""Partial responses for htmx: the student tabs, the files tab and Manage Data Conflicts.

htmx 4 sends "HX-Request: true" and the swapped element as HX-Target "tag#id".
A request without those headers, or for another element, or restoring a page
from history, gets the whole page.
"""

import pytest
from django.core.paginator import Paginator
from tests.factories import (
    DataConflictFactory,
    IncomingCarerFactory,
    IncomingFileFactory,
    IncomingStudentFactory,
    StudentFactory,
)

from portal_backoffice.accounts.models import AuditEvent
from portal_backoffice.intake.models import DataConflict
from portal_backoffice.intake.models.choices import ConflictDecision, DataGroup, State
from portal_backoffice.register.models import Student
from portal_backoffice.review.conflict_presenters import CarerCard, ConflictItem, GroupTab
from portal_backoffice.review.presenters import list_announcement

pytestmark = pytest.mark.django_db

UNMATCHED_URL = "/incoming-students/unmatched/"
FILES_URL = "/incoming-files/"
TAB_REGION = {"HX-Request": "true", "HX-Target": "div#incoming-students-region"}
FILES_REGION = {"HX-Request": "true", "HX-Target": "div#incoming-files-region"}
WHOLE_PAGE = "<!DOCTYPE html>"


def conflicts_url(incoming):
    return f"/incoming-students/{incoming.pk}/conflicts/"


def htmx_from(element_id):
    return {"HX-Request": "true", "HX-Target": f"input#{element_id}"}


@pytest.fixture
def unmatched_students():
    incoming_file = IncomingFileFactory(file_id="PROVIDER-0001")
    for surname in ("Quenby", "Rookwood", "Tansley"):
        IncomingStudentFactory(incoming_file=incoming_file, forename="Ottilie", surname=surname)


@pytest.fixture
def incoming():
    """A matched incoming student with a Names conflict and an Address conflict."""
    student = StudentFactory(legal_forename="Ottilie", legal_surname="Tansley")
    incoming = IncomingStudentFactory(
        forename="Ottoline",
        surname="Tansley",
        state=State.MATCHED_WITH_CONFLICTS,
        matched_student=student,
    )
    DataConflictFactory(incoming_student=incoming)
    DataConflictFactory(
        incoming_student=incoming,
        data_group=DataGroup.NAMES,
        field="legal_forename",
        la_value="Ottilie",
        incoming_value="Ottoline",
    )
    return incoming


def conflict_ids(incoming):
    address = incoming.conflicts.get(field="address_line_1").pk
    forename = incoming.conflicts.get(field="legal_forename").pk
    return address, forename


# The student tabs


def test_tab_region_for_htmx(officer_client, unmatched_students):
    response = officer_client.get(UNMATCHED_URL, {"name": "rook"}, headers=TAB_REGION)

    assert response.status_code == 200
    assert WHOLE_PAGE not in response.text
    assert "govuk-service-navigation" not in response.text
    assert response.text.count('id="incoming-students-region"') == 1
    assert "<title>Unmatched incoming students – Portal Back Office</title>" in response.text
    assert "Ottilie Rookwood" in response.text
    assert "Ottilie Quenby" not in response.text
    assert (
        '<div hx-swap-oob="innerHTML:#app-live-region">Showing 1 unmatched student matching '
        "the filters. Page 1 of 1, sorted by name, ascending.</div>"
    ) in response.text


def test_tab_whole_page_without_htmx(officer_client, unmatched_students):
    response = officer_client.get(UNMATCHED_URL)

    assert response.text.lstrip().startswith(WHOLE_PAGE)
    assert 'id="incoming-students-region"' in response.text
    assert "hx-swap-oob" not in response.text


def test_tab_whole_page_for_another_target(officer_client, unmatched_students):
    headers = {"HX-Request": "true", "HX-Target": "main#main-content"}

    response = officer_client.get(UNMATCHED_URL, headers=headers)

    assert response.text.lstrip().startswith(WHOLE_PAGE)


def test_tab_whole_page_for_history_restore(officer_client, unmatched_students):
    headers = {**TAB_REGION, "HX-History-Restore-Request": "true"}

    response = officer_client.get(UNMATCHED_URL, headers=headers)

    assert response.text.lstrip().startswith(WHOLE_PAGE)


def test_tab_responses_vary_on_htmx_headers(officer_client, unmatched_students):
    for headers in ({}, TAB_REGION):
        vary = officer_client.get(UNMATCHED_URL, headers=headers)["Vary"]

        assert "HX-Request" in vary
        assert "HX-Target" in vary


def test_tab_region_applies_the_sort(officer_client, unmatched_students):
    query = {"sort": "name", "order": "descending"}

    response = officer_client.get(UNMATCHED_URL, query, headers=TAB_REGION)

    rows = [row.name for row in response.context["rows"]]
    assert rows == ["Ottilie Tansley", "Ottilie Rookwood", "Ottilie Quenby"]
    assert "sorted by name, descending." in response.text


def test_tab_region_keeps_permissions(client_as, unmatched_students):
    response = client_as("conflict_manager").get(UNMATCHED_URL, headers=TAB_REGION)

    assert response.status_code == 200
    assert 'name="incoming_student_ids"' not in response.text
    assert "/possible-matches/" not in response.text


def test_tab_region_needs_sign_in(client, unmatched_students):
    response = client.get(UNMATCHED_URL, headers=TAB_REGION)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")


# The files tab


def test_files_region_for_htmx(officer_client, unmatched_students):
    response = officer_client.get(FILES_URL, headers=FILES_REGION)

    assert WHOLE_PAGE not in response.text
    assert response.text.count('id="incoming-files-region"') == 1
    assert "<title>Manage incoming student files – Portal Back Office</title>" in response.text
    assert "Showing 1 file with students to review. Page 1 of 1.</div>" in response.text


def test_files_region_lists_search_errors(officer_client, unmatched_students):
    query = {"imported_to_day": "30", "imported_to_month": "2", "imported_to_year": "2026"}

    response = officer_client.get(FILES_URL, query, headers=FILES_REGION)

    assert "<title>Error: Manage incoming student files" in response.text
    assert '<a href="#filter-imported-to-day">Imported to must be a real date</a>' in response.text


def test_wide_view_redirect_keeps_region(officer_client, unmatched_students):
    data = {"wide": "on", "next": f"{FILES_URL}?file_id=PROVIDER-0001"}

    response = officer_client.post(
        "/incoming-files/wide-view/", data, headers=FILES_REGION, follow=True
    )

    assert response.redirect_chain == [(f"{FILES_URL}?file_id=PROVIDER-0001", 302)]
    assert WHOLE_PAGE not in response.text
    assert "Show search panel" in response.text


# Manage Data Conflicts: choosing one item


def test_choice_returns_item_and_tab_label(officer_client, incoming):
    address, forename = conflict_ids(incoming)
    data = {
        "action": "choose",
        "conflict": forename,
        "version": incoming.version,
        f"decision-{forename}": "accepted",
    }

    response = officer_client.post(
        conflicts_url(incoming), data, headers=htmx_from(f"decision-{forename}")
    )

    assert response.status_code == 200
    assert WHOLE_PAGE not in response.text
    assert f'<hx-partial hx-target="#conflict-{forename}" hx-swap="outerHTML">' in response.text
    assert f'name="decision-{forename}" type="radio" value="accepted" checked' in response.text
    assert f'id="conflict-{address}"' not in response.text
    assert (
        '<hx-partial hx-target=".govuk-tabs__tab[href=\'#names\']" hx-swap="innerHTML">'
        'Names <strong class="govuk-tag govuk-tag--green">All decided</strong></hx-partial>'
    ) in response.text
    assert "Names: 1 of 1 decided." in response.text


def test_choice_saves_nothing(officer_client, incoming):
    address, forename = conflict_ids(incoming)
    data = {
        "action": "choose",
        "conflict": forename,
        "version": incoming.version,
        f"decision-{forename}": "accepted",
    }

    officer_client.post(conflicts_url(incoming), data, headers=htmx_from(f"decision-{forename}"))

    assert DataConflict.objects.filter(decision=ConflictDecision.OPEN).count() == 2
    assert Student.objects.get(pk=incoming.matched_student_id).legal_forename == "Ottilie"
    assert not AuditEvent.objects.filter(action="incoming_student_conflicts_apply").exists()


def test_choice_counts_the_tab_decisions(officer_client, incoming):
    forename = conflict_ids(incoming)[1]
    middle_names = DataConflictFactory(
        incoming_student=incoming,
        data_group=DataGroup.NAMES,
        field="middle_names",
        la_value="",
        incoming_value="Rue",
    ).pk
    data = {
        "action": "choose",
        "conflict": middle_names,
        "version": incoming.version,
        f"decision-{middle_names}": "rejected",
    }

    response = officer_client.post(
        conflicts_url(incoming), data, headers=htmx_from(f"decision-{middle_names}")
    )

    assert '<strong class="govuk-tag govuk-tag--red">1 of 2 decided</strong>' in response.text
    assert "Names: 1 of 2 decided." in response.text
    assert f'id="conflict-{forename}"' not in response.text


def test_choice_on_carer_discard(officer_client, incoming):
    carer = IncomingCarerFactory(incoming_student=incoming, forename="Wilhelmina")
    carer_conflict = DataConflictFactory(
        incoming_student=incoming,
        data_group=DataGroup.CARERS,
        field="carer",
        incoming_carer=carer,
    ).pk
    data = {
        "action": "choose",
        "conflict": carer_conflict,
        "version": incoming.version,
        f"decision-{carer_conflict}": "discarded",
    }

    response = officer_client.post(
        conflicts_url(incoming), data, headers=htmx_from(f"decision-{carer_conflict}")
    )

    assert f'<hx-partial hx-target="#conflict-{carer_conflict}"' in response.text
    assert f'id="decision-{carer_conflict}" name="decision-{carer_conflict}"' in response.text
    assert 'value="discarded" checked' in response.text
    assert "Carers: 1 of 1 decided." in response.text


def test_choice_without_htmx_shows_page(officer_client, incoming):
    forename = conflict_ids(incoming)[1]
    data = {
        "action": "choose",
        "conflict": forename,
        "version": incoming.version,
        f"decision-{forename}": "rejected",
    }

    response = officer_client.post(conflicts_url(incoming), data)

    assert response.status_code == 200
    assert response.text.lstrip().startswith(WHOLE_PAGE)
    assert f'name="decision-{forename}" type="radio" value="rejected" checked' in response.text
    assert DataConflict.objects.filter(decision=ConflictDecision.OPEN).count() == 2


def test_choice_on_stale_version_shows_page(officer_client, incoming):
    forename = conflict_ids(incoming)[1]
    data = {
        "action": "choose",
        "conflict": forename,
        "version": incoming.version - 1,
        f"decision-{forename}": "accepted",
    }

    response = officer_client.post(
        conflicts_url(incoming), data, headers=htmx_from(f"decision-{forename}")
    )

    assert response.status_code == 409
    assert response.text.lstrip().startswith(WHOLE_PAGE)
    assert "This student was changed by someone else since you opened it" in response.text


def test_choice_on_closed_conflict_shows_page(officer_client, incoming):
    address, forename = conflict_ids(incoming)
    DataConflict.objects.filter(pk=forename).update(decision=ConflictDecision.DISCARDED)
    data = {
        "action": "choose",
        "conflict": forename,
        "version": incoming.version,
        f"decision-{forename}": "accepted",
    }

    response = officer_client.post(
        conflicts_url(incoming), data, headers=htmx_from(f"decision-{forename}")
    )

    assert response.status_code == 409
    assert "This student was changed by someone else since you opened it" in response.text


@pytest.mark.parametrize("conflict", ["", "not-a-number"])
def test_choice_without_conflict_id_shows_page(officer_client, incoming, conflict):
    data = {"action": "choose", "conflict": conflict, "version": incoming.version}

    response = officer_client.post(conflicts_url(incoming), data, headers=htmx_from("decision"))

    assert response.status_code == 409
    assert response.text.lstrip().startswith(WHOLE_PAGE)


@pytest.mark.parametrize("role", ["data_processor", "no_permission"])
def test_choice_needs_conflict_management(client_as, incoming, role):
    forename = conflict_ids(incoming)[1]
    data = {
        "action": "choose",
        "conflict": forename,
        "version": incoming.version,
        f"decision-{forename}": "accepted",
    }

    response = client_as(role).post(
        conflicts_url(incoming), data, headers=htmx_from(f"decision-{forename}")
    )

    assert response.status_code == 403
    assert "You do not have permission to manage data conflicts." in response.text
    assert "<hx-partial" not in response.text
    assert DataConflict.objects.filter(decision=ConflictDecision.OPEN).count() == 2


# Manage Data Conflicts: Accept all latest and Accept all LA values


@pytest.mark.parametrize(
    ("action", "value", "announcement"),
    [
        ("accept_all_latest", "accepted", "Accept chosen for 2 conflicts."),
        ("accept_all_la", "discarded", "Discard chosen for 2 conflicts."),
    ],
)
def test_set_all_returns_every_panel(officer_client, incoming, action, value, announcement):
    address, forename = conflict_ids(incoming)
    headers = {"HX-Request": "true", "HX-Target": "div#conflict-error-summary"}

    response = officer_client.post(
        conflicts_url(incoming), {"action": action, "version": incoming.version}, headers=headers
    )

    assert response.status_code == 200
    assert WHOLE_PAGE not in response.text
    assert "<title>Manage data conflicts for Ottoline Tansley – Portal Back Office</title>" in (
        response.text
    )
    for slug in ("names", "address", "sen", "carers"):
        assert f'<hx-partial hx-target="#{slug}" hx-swap="innerHTML">' in response.text
    for conflict_id in (address, forename):
        assert f'name="decision-{conflict_id}" type="radio" value="{value}" checked' in (
            response.text
        )
    assert response.text.count("All decided") == 2
    assert announcement in response.text
    assert DataConflict.objects.filter(decision=ConflictDecision.OPEN).count() == 2


def test_set_all_on_stale_version_shows_page(officer_client, incoming):
    headers = {"HX-Request": "true", "HX-Target": "div#conflict-error-summary"}
    data = {"action": "accept_all_latest", "version": incoming.version + 1}

    response = officer_client.post(conflicts_url(incoming), data, headers=headers)

    assert response.status_code == 409
    assert response.text.lstrip().startswith(WHOLE_PAGE)


def test_apply_with_htmx_header_still_applies(officer_client, incoming):
    address, forename = conflict_ids(incoming)
    data = {
        "action": "apply",
        "version": incoming.version,
        f"decision-{address}": "rejected",
        f"decision-{forename}": "accepted",
    }

    response = officer_client.post(conflicts_url(incoming), data, headers=htmx_from("apply"))

    assert response.status_code == 302
    assert DataConflict.objects.filter(decision=ConflictDecision.OPEN).count() == 0


# The words of the live region and the tab labels


def _page(count, number=1):
    return Paginator(list(range(count)), 50).get_page(number)


@pytest.mark.parametrize(
    ("count", "number", "filter_words", "sort_text", "expected"),
    [
        (0, 1, "", "", "There are no pending students."),
        (0, 1, "the filters", "", "No pending students match the filters."),
        (1, 1, "", "", "Showing 1 pending student. Page 1 of 1."),
        (
            51,
            2,
            "the filters",
            "name, descending",
            "Showing 51 pending students matching the filters. Page 2 of 2, "
            "sorted by name, descending.",
        ),
    ],
)
def test_list_announcement_words(count, number, filter_words, sort_text, expected):
    announcement = list_announcement(
        page=_page(count, number),
        singular="pending student",
        plural="pending students",
        filter_words=filter_words,
        sort_text=sort_text,
    )

    assert announcement == expected


def _item(conflict_id, selected=""):
    return ConflictItem(
        id=conflict_id,
        label="Forename",
        la_value="Ottilie",
        incoming_value="Ottoline",
        selected=selected,
        carer_name="",
    )


def _carer(conflict_id, discarded=False):
    return CarerCard(
        incoming_carer_id=conflict_id,
        conflict_id=conflict_id,
        name="Wilhelmina Tansley",
        details=[],
        discarded=discarded,
    )


@pytest.mark.parametrize(
    ("items", "carers", "marker", "colour"),
    [
        ([_item(1)], [], "1 conflict", "red"),
        ([_item(1), _item(2)], [], "2 conflicts", "red"),
        ([_item(1, "accepted"), _item(2)], [], "1 of 2 decided", "red"),
        ([_item(1, "rejected"), _item(2, "discarded")], [], "All decided", "green"),
        ([_item(1, "accepted")], [_carer(2)], "1 of 2 decided", "red"),
        ([], [_carer(2, discarded=True)], "All decided", "green"),
    ],
)
def test_tab_marker_counts_decisions(items, carers, marker, colour):
    tab = GroupTab(slug="names", label="Names", items=items, carers=carers)

    assert tab.marker == marker
    assert tab.marker_colour == colour
