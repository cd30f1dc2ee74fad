"""PreparedInsert stores the values Django would, and sets each object's key."""

from datetime import date

import pytest
from django.db import connection
from portal_files import LAESTAB

from factories import BaseFactory
from portal_backoffice.intake.models import IncomingFile, IncomingStudent
from portal_backoffice.intake.services.bulk_insert import PreparedInsert

pytestmark = pytest.mark.django_db


def _incoming_file() -> IncomingFile:
    base = BaseFactory(la_code=LAESTAB[:3], establishment_number=LAESTAB[3:])
    return IncomingFile.objects.create(
        file_id="HC-1",
        source="provider_portal",
        module="HEADCOUNT",
        base=base,
        created_at="2026-11-30T09:00:00Z",
        file_format="json",
        original_name="headcount.json",
        raw_content=b"{}",
        sha256="0" * 64,
    )


def _students(incoming_file: IncomingFile) -> list[IncomingStudent]:
    return [
        IncomingStudent(
            incoming_file=incoming_file,
            record_number=1,
            state="unmatched",
            forename="Quillan",
            surname="Brackenbury",
            date_of_birth=date(2018, 3, 14),
            gender="M",
            match_probability=0.75,
            has_possible_matches=True,
            module_data={"funded_hours": "15"},
            errors=[],
        ),
        IncomingStudent(
            incoming_file=incoming_file,
            record_number=2,
            state="invalid",
            forename="",
            surname="Okafor",
            date_of_birth=None,
            match_probability=None,
            errors=[{"field": "forename", "message": "missing"}],
        ),
    ]


def _compared(value):
    # psycopg's Jsonb wrapper compares by identity, so its content is compared.
    return getattr(value, "obj", value)


def test_prepared_values_match_django():
    students = _students(_incoming_file())

    prepared = PreparedInsert(IncomingStudent, students)

    for obj, row in zip(students, prepared._rows, strict=True):
        expected = [
            field.get_db_prep_save(getattr(obj, field.attname), connection)
            for field in prepared.fields
        ]
        assert [_compared(value) for value in row] == [_compared(value) for value in expected]


def test_inserted_rows_read_back():
    students = _students(_incoming_file())

    PreparedInsert(IncomingStudent, students).insert()

    assert all(student.pk is not None for student in students)
    stored = IncomingStudent.objects.order_by("record_number")
    assert [row.forename for row in stored] == ["Quillan", ""]
    assert [row.date_of_birth for row in stored] == [date(2018, 3, 14), None]
    assert [row.match_probability for row in stored] == [0.75, None]
    assert stored[0].module_data == {"funded_hours": "15"}
    assert stored[1].errors == [{"field": "forename", "message": "missing"}]
