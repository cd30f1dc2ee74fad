"""The Unmatched and Matched with Conflicts tabs: counts, rows, links and paging."""

import datetime

import pytest
from tests.factories import (
    BaseFactory,
    DataConflictFactory,
    IncomingFileFactory,
    IncomingStudentFactory,
)

from portal_backoffice.accounts.models import AuditEvent
from portal_backoffice.intake.models.choices import Module, Source, State

pytestmark = pytest.mark.django_db

UNMATCHED_URL = "/incoming-students/unmatched/"
CONFLICTS_URL = "/incoming-students/matched-with-conflicts/"


def test_tabs_show_counts_per_state(officer_client):
    IncomingStudentFactory.create_batch(3, state=State.UNMATCHED)
    IncomingStudentFactory.create_batch(2, state=State.MATCHED_WITH_CONFLICTS)
    IncomingStudentFactory(state=State.PROCESSED)

    response = officer_client.get(UNMATCHED_URL)

    assert response.status_code == 200
    assert f'href="{UNMATCHED_URL}" aria-current="page">Unmatched (3)</a>' in response.text
    assert f'href="{CONFLICTS_URL}">Matched with Conflicts (2)</a>' in response.text


def test_matched_tab_is_current_on_its_page(officer_client):
    response = officer_client.get(CONFLICTS_URL)

    assert f'href="{CONFLICTS_URL}" aria-current="page">' in response.text
    assert "There are no matched with conflicts students." in response.text


def test_unmatched_row_shows_details_and_match_link(officer_client):
    base = BaseFactory(name="Fernhollow Nursery")
    incoming_file = IncomingFileFactory(
        file_id="PP-2026-0042", base=base, source=Source.CITIZEN_PORTAL, module=Module.FSM
    )
    incoming = IncomingStudentFactory(
        incoming_file=incoming_file,
        forename="Perpetua",
        surname="Wrenfield",
        date_of_birth=datetime.date(2016, 9, 9),
    )

    response = officer_client.get(UNMATCHED_URL)

    assert "Perpetua Wrenfield" in response.text
    assert "9 September 2016" in response.text
    assert "Fernhollow Nursery" in response.text
    assert "PP-2026-0042" in response.text
    assert "Citizen portal: Free school meals" in response.text
    assert f'href="/incoming-students/{incoming.pk}/possible-matches/">Match' in response.text
    assert f'name="incoming_student_ids" type="checkbox" value="{incoming.pk}"' in response.text


def test_unmatched_tab_lists_only_unmatched(officer_client):
    IncomingStudentFactory(forename="Perpetua", surname="Wrenfield")
    IncomingStudentFactory(forename="Barnaby", surname="Oakhurst", state=State.DISCARDED)

    response = officer_client.get(UNMATCHED_URL)

    assert "Perpetua Wrenfield" in response.text
    assert "Barnaby Oakhurst" not in response.text


def test_conflicts_row_links_to_manage_conflicts(officer_client):
    conflict = DataConflictFactory(
        incoming_student__forename="Perpetua", incoming_student__surname="Wrenfield"
    )
    incoming_id = conflict.incoming_student_id

    response = officer_client.get(CONFLICTS_URL)

    assert "Perpetua Wrenfield" in response.text
    assert f'href="/incoming-students/{incoming_id}/conflicts/">Manage conflicts' in response.text
    assert 'name="incoming_student_ids"' not in response.text


def test_conflicts_page_offers_each_decision(officer_client):
    conflict = DataConflictFactory(
        la_value="14 Thistledown Row", incoming_value="3 Bramblegate Court"
    )

    response = officer_client.get(f"/incoming-students/{conflict.incoming_student_id}/conflicts/")

    assert response.status_code == 200
    assert 'href="#address">Address <strong class="govuk-tag govuk-tag--red">' in response.text
    assert '<dd class="govuk-summary-list__value">14 Thistledown Row</dd>' in response.text
    assert '<dd class="govuk-summary-list__value">3 Bramblegate Court</dd>' in response.text
    for value in ("accepted", "rejected", "discarded"):
        assert f'name="decision-{conflict.pk}" type="radio" value="{value}"' in response.text


def test_list_pages_fifty_students(officer_client):
    IncomingStudentFactory.create_batch(51)

    first = officer_client.get(UNMATCHED_URL)
    second = officer_client.get(UNMATCHED_URL + "?page=2")

    assert first.text.count('name="incoming_student_ids"') == 50
    assert second.text.count('name="incoming_student_ids"') == 1
    assert f'href="{UNMATCHED_URL}?page=2" rel="next"' in first.text
    assert "Unmatched (51)" in second.text


def test_user_without_permission_sees_no_actions(client_as):
    IncomingStudentFactory(forename="Perpetua", surname="Wrenfield")

    response = client_as("conflict_manager").get(UNMATCHED_URL)

    assert response.status_code == 200
    assert "Perpetua Wrenfield" in response.text
    assert 'type="checkbox"' not in response.text
    assert "Add new</button>" not in response.text
    assert "/possible-matches/" not in response.text


def test_conflicts_page_shows_history(officer_client, officer):
    conflict = DataConflictFactory()
    incoming = conflict.incoming_student
    AuditEvent.objects.create(
        action="incoming_student_link",
        actor=officer,
        incoming_student_id=incoming.pk,
        student_id=77,
        from_state=State.UNMATCHED,
        to_state=State.MATCHED_WITH_CONFLICTS,
        reason="Selected by an officer; 1 data conflicts",
    )

    response = officer_client.get(f"/incoming-students/{incoming.pk}/conflicts/")

    assert "Linked to student 77" in response.text
    assert "Unmatched to matched with conflicts. Selected by an officer" in response.text


@pytest.fixture
def three_students():
    citizen = IncomingFileFactory(
        file_id="CP-0001",
        base=BaseFactory(name="Fernhollow Nursery"),
        source=Source.CITIZEN_PORTAL,
        module=Module.FSM,
    )
    provider = IncomingFileFactory(
        file_id="PP-0002", base=BaseFactory(name="Larchmere Primary"), module=Module.HEADCOUNT
    )
    return {
        "perpetua": IncomingStudentFactory(
            incoming_file=citizen, forename="Perpetua", surname="Wrenfield"
        ),
        "barnaby": IncomingStudentFactory(
            incoming_file=provider,
            forename="Barnaby",
            surname="Oakhurst",
            has_possible_matches=True,
        ),
        "cordelia": IncomingStudentFactory(
            incoming_file=provider, forename="Cordelia", surname="Wrenfield"
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("name=wrenfield", {"Perpetua Wrenfield", "Cordelia Wrenfield"}),
        ("name=Barn", {"Barnaby Oakhurst"}),
        ("base_name=larchmere", {"Barnaby Oakhurst", "Cordelia Wrenfield"}),
        ("file_id=cp-0001", {"Perpetua Wrenfield"}),
        ("source=citizen_portal", {"Perpetua Wrenfield"}),
        ("module=HEADCOUNT", {"Barnaby Oakhurst", "Cordelia Wrenfield"}),
        ("possible_matches=with", {"Barnaby Oakhurst"}),
        ("possible_matches=without", {"Perpetua Wrenfield", "Cordelia Wrenfield"}),
        ("name=wrenfield&module=HEADCOUNT", {"Cordelia Wrenfield"}),
        ("name=nobody", set()),
    ],
)
def test_unmatched_filters(officer_client, three_students, query, expected):
    response = officer_client.get(f"{UNMATCHED_URL}?{query}")

    listed = {
        name
        for name in ("Perpetua Wrenfield", "Barnaby Oakhurst", "Cordelia Wrenfield")
        if name in response.text
    }
    assert listed == expected


def test_filter_with_no_results_says_so(officer_client, three_students):
    response = officer_client.get(f"{UNMATCHED_URL}?name=nobody")

    assert "No unmatched students match the filters." in response.text
    assert "Unmatched (3)" in response.text


def test_invalid_filter_value_filters_nothing(officer_client, three_students):
    response = officer_client.get(f"{UNMATCHED_URL}?source=fax")

    assert response.status_code == 200
    assert response.text.count('name="incoming_student_ids"') == 3


def test_data_group_filter_on_conflicts_tab(officer_client):
    DataConflictFactory(
        incoming_student__forename="Perpetua", incoming_student__surname="Wrenfield"
    )
    DataConflictFactory(
        incoming_student__forename="Barnaby",
        incoming_student__surname="Oakhurst",
        data_group="names",
        field="legal_forename",
    )

    response = officer_client.get(f"{CONFLICTS_URL}?data_groups=names")

    assert "Barnaby Oakhurst" in response.text
    assert "Perpetua Wrenfield" not in response.text


def test_page_links_keep_filters(officer_client):
    IncomingStudentFactory.create_batch(51, forename="Perpetua")

    response = officer_client.get(f"{UNMATCHED_URL}?name=perpetua")

    assert f'href="{UNMATCHED_URL}?name=perpetua&amp;page=2" rel="next"' in response.text
