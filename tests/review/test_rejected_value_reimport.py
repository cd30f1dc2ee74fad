"""A rejected value is not raised again when the same content is imported under a new file ID."""

import datetime
import json

import pytest
from tests.factories import BaseFactory, StudentFactory, UserFactory

from portal_backoffice.intake.models import IncomingStudent
from portal_backoffice.intake.models.choices import ConflictDecision, MatchMethod, State
from portal_backoffice.intake.services.importing import incoming_file_import
from portal_backoffice.review.services import incoming_student_conflicts_apply

pytestmark = pytest.mark.django_db

LAESTAB = "9991002"
UPN = "F373200124123"


@pytest.fixture(autouse=True)
def private_raw_files(settings, tmp_path):
    settings.PORTAL_RAW_FILE_DIR = tmp_path / "incoming"


@pytest.fixture
def student():
    school = BaseFactory(la_code=LAESTAB[:3], establishment_number=LAESTAB[3:])
    return StudentFactory(
        legal_forename="Quillan",
        legal_surname="Brackenbury",
        middle_names="",
        date_of_birth=datetime.date(2018, 3, 14),
        gender="M",
        upn=UPN,
        address_line_1="12 Osier Lane",
        town="Fenwick",
        postcode="ZZ9 4QT",
        base=school,
    )


def portal_file(file_id: str) -> bytes:
    child = {
        "forename": "Quillan",
        "middle_names": "Tobias",
        "surname": "Brackenbury",
        "date_of_birth": "2018-03-14",
        "gender": "M",
        "upn": UPN,
        "address_line_1": "12 Osier Lane",
        "town": "Fenwick",
        "postcode": "ZZ9 4QT",
        "module_data": {"funded_hours": 15},
    }
    document = {
        "header": {
            "schema_version": "1.0",
            "file_id": file_id,
            "source": "provider_portal",
            "module": "HEADCOUNT",
            "base": {"laestab": LAESTAB},
            "created_at": "2026-11-30T09:00:00Z",
        },
        "children": [child],
    }
    return json.dumps(document).encode()


def import_file(file_id: str, django_capture_on_commit_callbacks) -> IncomingStudent:
    with django_capture_on_commit_callbacks(execute=True):
        result = incoming_file_import(content=portal_file(file_id), name=f"{file_id}.json")
    return result.incoming_file.students.get()


def test_rejected_middle_names_not_raised_again(student, django_capture_on_commit_callbacks):
    first = import_file("HC-REJECT-1", django_capture_on_commit_callbacks)
    assert first.match_method == MatchMethod.AUTOMATIC
    assert first.state == State.MATCHED_WITH_CONFLICTS
    conflict = first.conflicts.get()
    assert conflict.field == "middle_names"
    incoming_student_conflicts_apply(
        incoming_student_id=first.pk,
        decisions={conflict.pk: ConflictDecision.REJECTED},
        actor=UserFactory(username="ada.quenby"),
        expected_version=first.version,
    )

    second = import_file("HC-REJECT-2", django_capture_on_commit_callbacks)

    assert second.matched_student_id == student.pk
    assert second.conflicts.count() == 0
    assert second.state == State.PROCESSED
    student.refresh_from_db()
    assert student.middle_names == ""
