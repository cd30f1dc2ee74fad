"""The Matched with Conflicts tab's filters: data groups, NCY and registration group."""

import pytest
from tests.factories import DataConflictFactory, IncomingStudentFactory

from portal_backoffice.intake.models.choices import ConflictDecision, DataGroup, State

pytestmark = pytest.mark.django_db

URL = "/incoming-students/matched-with-conflicts/"


def student_with_conflict(surname, data_group, **fields):
    incoming = IncomingStudentFactory(
        forename="Ottilie", surname=surname, state=State.MATCHED_WITH_CONFLICTS, **fields
    )
    DataConflictFactory(incoming_student=incoming, data_group=data_group)
    return incoming


def test_several_data_groups_list_either(officer_client):
    student_with_conflict("Tansley", DataGroup.ADDRESS)
    student_with_conflict("Umber", DataGroup.SEN)
    student_with_conflict("Vellacott", DataGroup.NAMES)

    response = officer_client.get(f"{URL}?data_groups=sen&data_groups=names")

    assert "Ottilie Umber" in response.text
    assert "Ottilie Vellacott" in response.text
    assert "Ottilie Tansley" not in response.text
    assert 'id="filter-data-group-sen" name="data_groups" type="checkbox" value="sen" checked' in (
        response.text
    )


def test_decided_conflicts_do_not_count(officer_client):
    incoming = student_with_conflict("Tansley", DataGroup.ADDRESS)
    DataConflictFactory(
        incoming_student=incoming, data_group=DataGroup.SEN, decision=ConflictDecision.REJECTED
    )

    response = officer_client.get(f"{URL}?data_groups=sen")

    assert "Ottilie Tansley" not in response.text


def test_ncy_filter(officer_client):
    student_with_conflict("Tansley", DataGroup.ADDRESS, ncy="R")
    student_with_conflict("Umber", DataGroup.ADDRESS, ncy="2")

    response = officer_client.get(f"{URL}?ncy=R")

    assert "Ottilie Tansley" in response.text
    assert "Ottilie Umber" not in response.text


def test_registration_group_filter_ignores_case(officer_client):
    student_with_conflict("Tansley", DataGroup.ADDRESS, registration_group="RB")
    student_with_conflict("Umber", DataGroup.ADDRESS, registration_group="2W")

    response = officer_client.get(f"{URL}?registration_group=rb")

    assert "Ottilie Tansley" in response.text
    assert "Ottilie Umber" not in response.text
