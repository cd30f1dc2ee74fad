"""The carers and base that the register and an import hand to the matcher.

A register student carries its carers' names and its base; an incoming
child carries the carers sent with it, and its file's base when a nursery or
school sent the file. A citizen portal's base is never one a student attends,
so it is left out.
"""

import datetime

import pytest

from factories import (
    BaseFactory,
    IncomingCarerFactory,
    IncomingFileFactory,
    IncomingStudentFactory,
    PersonFactory,
    StudentCarerFactory,
    StudentFactory,
)
from portal_backoffice.intake.services.automatic_matching import (
    file_base_key,
    incoming_child_record,
)
from portal_backoffice.intake.services.match_index import (
    _STUDENT_FIELDS,
    _child_records_for_rows,
    student_to_child_record,
)
from portal_backoffice.register.models import Base, Student

pytestmark = pytest.mark.django_db


def register_student_with_carers():
    base = BaseFactory()
    student = StudentFactory(
        legal_forename="Quillan",
        legal_surname="Brackenbury",
        date_of_birth=datetime.date(2018, 3, 14),
        base=base,
    )
    father = PersonFactory(forename="Tobiah", surname="Brackenbury")
    mother = PersonFactory(forename="Wilhelmina", surname="Ashdown")
    StudentCarerFactory(student=student, person=father, priority=2)
    StudentCarerFactory(student=student, person=mother, priority=1)
    return student


def test_register_student_carers_and_base():
    student = register_student_with_carers()

    record = student_to_child_record(student)

    assert record.carer_names == (("Wilhelmina", "Ashdown"), ("Tobiah", "Brackenbury"))
    assert record.base == str(student.base_id)


def test_rebuild_rows_carry_the_same_carers_and_base():
    student = register_student_with_carers()
    rows = list(Student.objects.filter(pk=student.pk).values(*_STUDENT_FIELDS))

    (record,) = _child_records_for_rows(rows)

    assert record == student_to_child_record(student)


def test_student_without_carers_or_base_carries_none():
    student = StudentFactory(base=None)

    record = student_to_child_record(student)

    assert (record.carer_names, record.base) == ((), "")


def test_incoming_child_carers_in_priority_order():
    incoming = IncomingStudentFactory(forename="Quillan", surname="Brackenbury")
    IncomingCarerFactory(incoming_student=incoming, forename="Tobiah", priority=2)
    IncomingCarerFactory(
        incoming_student=incoming, forename="Wilhelmina", surname="Ashdown", priority=1
    )

    record = incoming_child_record(incoming, "17")

    assert record.carer_names == (("Wilhelmina", "Ashdown"), ("Tobiah", "Brackenbury"))
    assert record.base == "17"


def test_provider_file_base_is_its_base():
    incoming_file = IncomingFileFactory()

    assert file_base_key(incoming_file) == str(incoming_file.base_id)


def test_citizen_portal_file_has_no_base():
    portal = Base.objects.get(portal_application_type="FSM")
    incoming_file = IncomingFileFactory(base=portal)

    assert file_base_key(incoming_file) == ""
