"""The Manage Data Conflicts page through Django's test client."""

import pytest
from tests.factories import (
    DataConflictFactory,
    IncomingCarerFactory,
    IncomingStudentFactory,
    StudentFactory,
)

from portal_backoffice.accounts.models import AuditEvent
from portal_backoffice.intake.models import DataConflict
from portal_backoffice.intake.models.choices import ConflictDecision, DataGroup, State
from portal_backoffice.register.models import Student

pytestmark = pytest.mark.django_db


@pytest.fixture
def incoming():
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


def url(incoming):
    return f"/incoming-students/{incoming.pk}/conflicts/"


def conflict_ids(incoming):
    address = incoming.conflicts.get(field="address_line_1").pk
    forename = incoming.conflicts.get(field="legal_forename").pk
    return address, forename


def test_tabs_marked_with_conflict_counts(officer_client, incoming):
    response = officer_client.get(url(incoming))

    assert response.status_code == 200
    for slug in ("names", "address", "sen", "leavers", "exclusions", "looked_after", "carers"):
        assert f'href="#{slug}"' in response.text
        assert f'id="{slug}"' in response.text
    assert 'Names <strong class="govuk-tag govuk-tag--red">1 conflict</strong>' in response.text
    assert 'href="#sen">SEN</a>' in response.text
    assert "No open conflicts in SEN." in response.text


def test_page_links_to_the_student_history(officer_client, incoming):
    response = officer_client.get(url(incoming))

    student_id = incoming.matched_student_id
    assert f'href="/students/{student_id}/history/"' in response.text


def test_accept_all_latest_sets_every_radio(officer_client, incoming):
    address, forename = conflict_ids(incoming)

    response = officer_client.post(
        url(incoming), {"action": "accept_all_latest", "version": incoming.version}
    )

    assert response.status_code == 200
    for conflict_id in (address, forename):
        assert f'name="decision-{conflict_id}" type="radio" value="accepted" checked' in (
            response.text
        )
    assert DataConflict.objects.filter(decision=ConflictDecision.OPEN).count() == 2


def test_accept_all_la_values_discards(officer_client, incoming):
    address, forename = conflict_ids(incoming)

    response = officer_client.post(
        url(incoming), {"action": "accept_all_la", "version": incoming.version}
    )

    for conflict_id in (address, forename):
        assert f'name="decision-{conflict_id}" type="radio" value="discarded" checked' in (
            response.text
        )


def test_apply_saves_and_returns_to_the_tab(officer_client, incoming):
    address, forename = conflict_ids(incoming)

    response = officer_client.post(
        url(incoming),
        {
            "action": "apply",
            "version": incoming.version,
            f"decision-{address}": "rejected",
            f"decision-{forename}": "accepted",
        },
        follow=True,
    )

    assert response.redirect_chain == [("/incoming-students/matched-with-conflicts/", 302)]
    assert "Decisions applied for Ottoline Tansley. It is now processed." in response.text
    assert Student.objects.get(pk=incoming.matched_student_id).legal_forename == "Ottoline"


def test_undecided_items_named_in_error_summary(officer_client, incoming):
    address, forename = conflict_ids(incoming)

    response = officer_client.post(
        url(incoming),
        {"action": "apply", "version": incoming.version, f"decision-{forename}": "accepted"},
    )

    assert response.status_code == 400
    assert "There is a problem" in response.text
    assert (
        f'<a href="#decision-{address}">Choose Accept, Reject or Discard for address line 1</a>'
        in response.text
    )
    # The officer's choice is kept.
    assert f'name="decision-{forename}" type="radio" value="accepted" checked' in response.text
    assert DataConflict.objects.filter(decision=ConflictDecision.OPEN).count() == 2


def test_stale_version_shows_new_state(officer_client, incoming):
    address, forename = conflict_ids(incoming)
    decisions = {f"decision-{address}": "discarded", f"decision-{forename}": "discarded"}
    officer_client.post(url(incoming), {"version": incoming.version, **decisions})

    response = officer_client.post(url(incoming), {"version": incoming.version, **decisions})

    assert response.status_code == 409
    assert "This student was changed by someone else since you opened it" in response.text
    assert "This student is now processed." in response.text
    assert AuditEvent.objects.filter(action="incoming_student_conflicts_apply").count() == 1


@pytest.mark.parametrize("role", ["data_processor", "no_permission"])
def test_apply_needs_conflict_management(client_as, incoming, role):
    address, forename = conflict_ids(incoming)

    response = client_as(role).post(
        url(incoming),
        {
            "version": incoming.version,
            f"decision-{address}": "accepted",
            f"decision-{forename}": "accepted",
        },
    )

    assert response.status_code == 403
    assert "You do not have permission to manage data conflicts." in response.text
    assert DataConflict.objects.filter(decision=ConflictDecision.OPEN).count() == 2


def test_unmatched_carer_offers_match_and_add_new(officer_client, incoming):
    carer = IncomingCarerFactory(incoming_student=incoming, forename="Wilhelmina")
    DataConflictFactory(
        incoming_student=incoming,
        data_group=DataGroup.CARERS,
        field="carer",
        incoming_carer=carer,
        la_value="",
        incoming_value="Wilhelmina Tansley Mother",
    )

    response = officer_client.get(url(incoming))

    assert f'href="/incoming-carers/{carer.pk}/possible-matches/"' in response.text
    assert f'href="/incoming-carers/{carer.pk}/add-new-person/"' in response.text
    assert 'Carers <strong class="govuk-tag govuk-tag--red">1 conflict</strong>' in response.text


def test_conflict_manager_without_processing_sees_no_carer_actions(client_as, incoming):
    carer = IncomingCarerFactory(incoming_student=incoming)
    DataConflictFactory(
        incoming_student=incoming,
        data_group=DataGroup.CARERS,
        field="carer",
        incoming_carer=carer,
    )

    response = client_as("conflict_manager").get(url(incoming))

    assert response.status_code == 200
    assert f"/incoming-carers/{carer.pk}/" not in response.text


def test_carer_left_undecided_is_named(officer_client):
    student = StudentFactory()
    incoming = IncomingStudentFactory(state=State.PENDING, matched_student=student)
    carer = IncomingCarerFactory(
        incoming_student=incoming, forename="Wilhelmina", surname="Tansley"
    )
    conflict = DataConflictFactory(
        incoming_student=incoming,
        data_group=DataGroup.CARERS,
        field="carer",
        incoming_carer=carer,
    )

    response = officer_client.post(url(incoming), {"version": incoming.version})

    assert response.status_code == 400
    assert (
        f'<a href="#decision-{conflict.pk}">Match, add or discard the carer Wilhelmina Tansley</a>'
        in response.text
    )
