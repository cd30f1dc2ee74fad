"""Accept: write a conflict's incoming value to the register, keeping the old value.

The writes go through intake.services.values, which records each replaced
value in ValueChange. AcceptedWrites collects the changed models so that each
is saved once, after every decision of an Apply.
"""

import json
from dataclasses import dataclass, field

from portal_backoffice.intake.models import DataConflict
from portal_backoffice.intake.services.history_differences import HISTORY_GROUPS
from portal_backoffice.intake.services.values import (
    ADDRESS_FIELDS,
    CARER_FIELD_PREFIX,
    HISTORY_MODELS,
    person_field_write,
    student_address_history_record,
    student_field_write,
    student_history_entry_add,
)
from portal_backoffice.matching.identifiers import format_ni_number, normalise_ni_number
from portal_backoffice.register.models import Person, Student

# History conflict field -> the entry fields without which it cannot be stored.
HISTORY_IDENTITY_FIELDS = {
    conflict_field: identity for _group, conflict_field, _key, identity, _all in HISTORY_GROUPS
}


class ConflictNotAcceptable(Exception):
    """An incoming value that cannot be written to the register, with what to do instead."""

    def __init__(self, conflict_id: int, message: str):
        self.conflict_id = conflict_id
        self.message = message
        super().__init__(f"Conflict {conflict_id} cannot be accepted. {message}")


@dataclass
class AcceptedWrites:
    """The register rows that accepted conflicts changed, saved once at the end."""

    student: Student
    student_fields: list[str] = field(default_factory=list)
    people: dict[int, Person] = field(default_factory=dict)
    person_fields: dict[int, list[str]] = field(default_factory=dict)

    def save(self) -> None:
        if self.student_fields:
            self.student.save(update_fields=[*set(self.student_fields), "updated_at"])
        if any(name in ADDRESS_FIELDS for name in self.student_fields):
            student_address_history_record(student=self.student)
        for person_id, person in self.people.items():
            person.save(update_fields=[*set(self.person_fields[person_id]), "updated_at"])


def conflict_accept(*, conflict: DataConflict, writes: AcceptedWrites, actor) -> None:
    """Write the conflict's incoming value to the student, its history or the carer's person."""
    if conflict.field.startswith(CARER_FIELD_PREFIX):
        _person_accept(conflict, writes, actor)
    elif conflict.field in HISTORY_MODELS:
        _history_accept(conflict, writes, actor)
    else:
        _student_accept(conflict, writes, actor)


def _student_accept(conflict: DataConflict, writes: AcceptedWrites, actor) -> None:
    student = writes.student
    if conflict.field == "upn":
        holder_id = (
            Student.objects.filter(upn=conflict.incoming_value)
            .exclude(pk=student.pk)
            .values_list("pk", flat=True)
            .first()
        )
        if holder_id is not None:
            raise ConflictNotAcceptable(
                conflict.pk,
                f"UPN {conflict.incoming_value} already belongs to student {holder_id}. "
                "Reject or discard this change",
            )
    student_field_write(
        student=student,
        field_name=conflict.field,
        value=conflict.incoming_value,
        actor=actor,
        incoming_student_id=conflict.incoming_student_id,
    )
    writes.student_fields.append(conflict.field)


def _history_accept(conflict: DataConflict, writes: AcceptedWrites, actor) -> None:
    entry = json.loads(conflict.incoming_value)
    missing = [name for name in HISTORY_IDENTITY_FIELDS[conflict.field] if not entry.get(name)]
    if missing:
        words = " and ".join(name.replace("_", " ") for name in missing)
        raise ConflictNotAcceptable(
            conflict.pk, f"This entry has no {words}, so it cannot be added. Reject or discard it"
        )
    student_history_entry_add(
        student=writes.student,
        field_name=conflict.field,
        value=conflict.incoming_value,
        actor=actor,
        incoming_student_id=conflict.incoming_student_id,
    )


def _person_accept(conflict: DataConflict, writes: AcceptedWrites, actor) -> None:
    carer = conflict.incoming_carer
    if carer is None or carer.matched_person is None:
        raise ConflictNotAcceptable(conflict.pk, "The carer is not matched to a person")
    person = writes.people.setdefault(carer.matched_person_id, carer.matched_person)
    field_name = conflict.field.removeprefix(CARER_FIELD_PREFIX)
    value = conflict.incoming_value

    if field_name == "ni_number":
        value = normalise_ni_number(value)
        holder_id = (
            Person.objects.filter(ni_number=value)
            .exclude(pk=person.pk)
            .values_list("pk", flat=True)
            .first()
        )
        if holder_id is not None:
            raise ConflictNotAcceptable(
                conflict.pk,
                f"NI number {format_ni_number(value)} already belongs to person {holder_id}. "
                "Reject or discard this change",
            )

    person_field_write(
        person=person,
        field_name=field_name,
        value=value,
        actor=actor,
        incoming_student_id=conflict.incoming_student_id,
    )
    writes.person_fields.setdefault(person.pk, []).append(field_name)
