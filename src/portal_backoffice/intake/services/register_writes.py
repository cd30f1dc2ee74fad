"""The register writes one link makes: at once for an officer, or kept for an import.

An officer's Match or Add New writes each value as the link settles it,
inside the officer's transaction (RegisterWrites). An import works out its
automatic links before its write transaction opens, so DeferredRegisterWrites
keeps every write in memory, and link_plans writes them in bulk once the
file's rows exist. Both set each new value on the in-memory student or person
at once, so the rest of the link compares against what it has already written.
"""

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Model
from django.utils import timezone

from portal_backoffice.matching.identifiers import is_temporary_upn
from portal_backoffice.register.models import (
    FormerUpn,
    Person,
    Student,
    StudentAddress,
    StudentCarer,
)

from ..models import IncomingCarer, IncomingStudent
from .values import (
    HISTORY_MODELS,
    person_field_write,
    student_address_history_record,
    student_field_write,
    student_former_upn_add,
    student_history_entry_add,
    value_from_text,
)


class RegisterWrites:
    """Writes each register change to the database as the link settles it."""

    def person(self, person: Person) -> Person:
        """Return the copy of a person that this link compares and changes."""
        return person

    def student_field(
        self, *, student: Student, field_name: str, value: str, actor, incoming_student
    ) -> None:
        student_field_write(
            student=student,
            field_name=field_name,
            value=value,
            actor=actor,
            incoming_student_id=incoming_student.pk,
        )

    def former_upn_add(self, *, student: Student, upn: str) -> bool:
        """Keep a UPN as one of the student's former UPNs. Return whether it was new."""
        return student_former_upn_add(student=student, upn=upn)

    def address_history_record(self, *, student: Student) -> None:
        student_address_history_record(student=student)

    def history_entry_add(
        self, *, student: Student, field_name: str, value: str, actor, incoming_student
    ) -> None:
        student_history_entry_add(
            student=student,
            field_name=field_name,
            value=value,
            actor=actor,
            incoming_student_id=incoming_student.pk,
        )

    def person_field(
        self, *, person: Person, field_name: str, value: str, actor, incoming_student
    ) -> None:
        person_field_write(
            person=person,
            field_name=field_name,
            value=value,
            actor=actor,
            incoming_student_id=incoming_student.pk,
        )

    def person_save(self, person: Person, field_names: list[str]) -> None:
        person.save(update_fields=[*field_names, "updated_at"])

    def carer_person_set(self, carer: IncomingCarer, person: Person) -> None:
        carer.matched_person = person
        carer.save(update_fields=["matched_person"])

    def student_carer_add(self, link: StudentCarer) -> None:
        link.save()

    def upn_held_elsewhere(self, upn: str, student: Student) -> bool:
        return Student.objects.filter(upn=upn).exclude(pk=student.pk).exists()

    def ni_number_held_elsewhere(self, ni_number: str, person: Person) -> bool:
        return Person.objects.filter(ni_number=ni_number).exclude(pk=person.pk).exists()


@dataclass
class ValueChangeDraft:
    """A ValueChange row whose ids are read when it is written, once its rows have them."""

    model: str
    target: Model
    field_name: str
    old: Any
    new: str
    actor: Any
    incoming_student: IncomingStudent


class DeferredRegisterWrites(RegisterWrites):
    """Keeps one link's register writes in memory, to be written by link_plans.

    Only reads reach the database, so a link can be worked out outside any
    transaction. The people the link compared are kept with the updated_at
    they had when read, so that the writer can tell whether one changed since.
    """

    def __init__(self) -> None:
        self.value_changes: list[ValueChangeDraft] = []
        self.former_upns: list[FormerUpn] = []
        self.students_moved: list[Student] = []
        self.addresses: list[StudentAddress] = []
        self.history_entries: list[Model] = []
        self.person_fields: dict[int, tuple[Person, set[str]]] = {}
        self.carer_persons: list[tuple[IncomingCarer, Person]] = []
        self.student_carers: list[StudentCarer] = []
        self.people_read: dict[int, datetime] = {}
        self.upns_written: list[str] = []
        self.ni_numbers_written: list[str] = []
        self._people: dict[int, Person] = {}
        self._former_upns_seen: set[tuple[int, str]] = set()

    def person(self, person: Person) -> Person:
        # One copy per person, so that a value written for one carer is the
        # value the next carer matched to that person is compared with, as it
        # would be when each write reaches the database at once.
        if person.pk not in self._people:
            self._people[person.pk] = person
            self.people_read[person.pk] = person.updated_at
        return self._people[person.pk]

    def student_field(
        self, *, student: Student, field_name: str, value: str, actor, incoming_student
    ) -> None:
        # The same steps as values.student_field_write, with rows kept instead of saved.
        if field_name == "upn" and is_temporary_upn(value):
            self.former_upn_add(student=student, upn=value)
            return
        old = getattr(student, field_name)
        if field_name == "upn":
            if old:
                self._former_upn_keep(student, old)
            self.upns_written.append(value)

        setattr(student, field_name, value_from_text(field_name, value))
        self.value_changes.append(
            ValueChangeDraft("Student", student, field_name, old, value, actor, incoming_student)
        )

    def former_upn_add(self, *, student: Student, upn: str) -> bool:
        if upn == student.upn:
            return False
        return self._former_upn_keep(student, upn)

    def _former_upn_keep(self, student: Student, upn: str) -> bool:
        key = (student.pk, upn)
        if key in self._former_upns_seen:
            return False
        self._former_upns_seen.add(key)
        if FormerUpn.objects.filter(student=student, upn=upn).exists():
            return False
        self.former_upns.append(FormerUpn(student=student, upn=upn))
        return True

    def address_history_record(self, *, student: Student) -> None:
        self.students_moved.append(student)
        if student.address_line_1 or student.postcode:
            self.addresses.append(
                StudentAddress(
                    student=student,
                    address_line_1=student.address_line_1,
                    address_line_2=student.address_line_2,
                    town=student.town,
                    postcode=student.postcode,
                    valid_from=timezone.localdate(),
                )
            )

    def history_entry_add(
        self, *, student: Student, field_name: str, value: str, actor, incoming_student
    ) -> None:
        model = HISTORY_MODELS[field_name]
        entry = model(student=student, **json.loads(value))
        self.history_entries.append(entry)
        self.value_changes.append(
            ValueChangeDraft(model.__name__, entry, field_name, "", value, actor, incoming_student)
        )

    def person_field(
        self, *, person: Person, field_name: str, value: str, actor, incoming_student
    ) -> None:
        old = getattr(person, field_name)
        setattr(person, field_name, value_from_text(field_name, value))
        if field_name == "ni_number":
            self.ni_numbers_written.append(value)
        self.value_changes.append(
            ValueChangeDraft("Person", person, field_name, old, value, actor, incoming_student)
        )

    def person_save(self, person: Person, field_names: list[str]) -> None:
        _, fields = self.person_fields.setdefault(person.pk, (person, set()))
        fields.update(field_names)

    def carer_person_set(self, carer: IncomingCarer, person: Person) -> None:
        self.carer_persons.append((carer, person))

    def student_carer_add(self, link: StudentCarer) -> None:
        self.student_carers.append(link)
