"""Write one register value taken from an incoming student, keeping the old one.

The linker calls these for "Always import" and "Import if empty". The
Manage Data Conflicts page can call them when an officer accepts a conflict.
"""

import json
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from portal_backoffice.matching.identifiers import is_temporary_upn
from portal_backoffice.register.models import (
    Exclusion,
    FormerUpn,
    LookedAfterPeriod,
    Person,
    SenEntry,
    Student,
    StudentAddress,
    ValueChange,
)

ADDRESS_FIELDS = ("address_line_1", "address_line_2", "town", "postcode")
DATE_FIELDS = {"date_of_birth", "leaving_date"}

# Conflict field names for list-shaped data groups, each with its model.
HISTORY_MODELS = {
    "sen_history": SenEntry,
    "exclusions": Exclusion,
    "looked_after": LookedAfterPeriod,
}

# A matched carer's differences are stored under "carer.<Person field>".
CARER_FIELD_PREFIX = "carer."


@dataclass
class Written:
    """Register fields that one link or decision wrote, by name only."""

    student_fields: list[str] = field(default_factory=list)
    person_fields: list[str] = field(default_factory=list)
    history_entries: list[str] = field(default_factory=list)
    former_upns: int = 0


def as_text(value) -> str:
    """Render a register or incoming value the way conflicts and rejected values store it."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return json.dumps(value, sort_keys=True, default=str)
    return str(value)


def value_from_text(field_name: str, text: str):
    """Convert a value's text form back to the type of its register field."""
    if field_name in DATE_FIELDS:
        return date.fromisoformat(text) if text else None
    return text


def _value_change(*, model: str, object_id: int, field_name: str, old, new, actor, incoming_id):
    ValueChange.objects.create(
        model=model,
        object_id=object_id,
        field=field_name,
        old_value=as_text(old),
        new_value=as_text(new),
        changed_by=actor,
        incoming_student_id=incoming_id,
    )


def student_field_write(
    *, student: Student, field_name: str, value: str, actor, incoming_student_id: int | None
) -> None:
    """Set one Student field from its text form and keep the replaced value in ValueChange.

    A permanent UPN that is replaced, and a temporary UPN that is offered,
    are kept as former UPNs: a temporary UPN never becomes the current one.
    The caller saves the student.
    """
    if field_name == "upn" and is_temporary_upn(value):
        student_former_upn_add(student=student, upn=value)
        return
    old = getattr(student, field_name)
    if field_name == "upn" and old:
        FormerUpn.objects.get_or_create(student=student, upn=old)

    setattr(student, field_name, value_from_text(field_name, value))
    _value_change(
        model="Student",
        object_id=student.pk,
        field_name=field_name,
        old=old,
        new=value,
        actor=actor,
        incoming_id=incoming_student_id,
    )


def student_former_upn_add(*, student: Student, upn: str) -> bool:
    """Keep a UPN as one of the student's former UPNs. Return whether it was new."""
    if upn == student.upn:
        return False
    _, created = FormerUpn.objects.get_or_create(student=student, upn=upn)
    return created


def student_address_history_record(*, student: Student) -> None:
    """Close the student's current address and open one for the values now on the student."""
    today = timezone.localdate()
    student.addresses.filter(valid_to__isnull=True).update(valid_to=today)
    if student.address_line_1 or student.postcode:
        StudentAddress.objects.create(
            student=student,
            address_line_1=student.address_line_1,
            address_line_2=student.address_line_2,
            town=student.town,
            postcode=student.postcode,
            valid_from=today,
        )


def student_history_entry_add(
    *, student: Student, field_name: str, value: str, actor, incoming_student_id: int | None
) -> None:
    """Add one SEN, exclusion or looked-after entry given as its JSON text."""
    model = HISTORY_MODELS[field_name]
    entry = json.loads(value)
    created = model.objects.create(student=student, **entry)
    _value_change(
        model=model.__name__,
        object_id=created.pk,
        field_name=field_name,
        old="",
        new=value,
        actor=actor,
        incoming_id=incoming_student_id,
    )


def person_field_write(
    *, person: Person, field_name: str, value: str, actor, incoming_student_id: int | None
) -> None:
    """Set one Person field from its text form and keep the replaced value. The caller saves."""
    old = getattr(person, field_name)
    setattr(person, field_name, value_from_text(field_name, value))
    _value_change(
        model="Person",
        object_id=person.pk,
        field_name=field_name,
        old=old,
        new=value,
        actor=actor,
        incoming_id=incoming_student_id,
    )
