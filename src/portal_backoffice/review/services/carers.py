"""Settle an incoming carer who matched nobody: Select a person, or Add New Person.

Either links the carer to a person and the person to the matched student as
a carer, and closes the carer's conflict. Resolving a pending student's last
carer makes it processed.
"""

import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from portal_backoffice.accounts.audit import audit_record
from portal_backoffice.intake.models import DataConflict, IncomingCarer, IncomingStudent
from portal_backoffice.intake.models.choices import ConflictDecision
from portal_backoffice.intake.rules import RuleBook
from portal_backoffice.intake.services.carer_linking import incoming_carer_differences_settle
from portal_backoffice.intake.services.differences import DifferenceSettler
from portal_backoffice.intake.services.linking import IncomingStudentChanged
from portal_backoffice.matching.identifiers import format_ni_number, normalise_ni_number
from portal_backoffice.register.models import Person, Student, StudentCarer

from .conflicts import DECIDABLE_STATES
from .states import UNMATCHED_CARER_FIELD, open_conflicts_state

logger = logging.getLogger(__name__)


class NiNumberHeld(Exception):
    """The NI number entered for a new person already belongs to another person."""

    def __init__(self, ni_number: str, person_id: int):
        self.person_id = person_id
        self.message = (
            f"NI number {format_ni_number(ni_number)} already belongs to person {person_id}"
        )
        super().__init__(self.message)


@dataclass(frozen=True)
class CarerLink:
    """The link between a person and the student: relationship and parental responsibility."""

    relationship: str
    parental_responsibility: bool


def incoming_carer_person_select(
    *, incoming_carer_id: int, person_id: int, actor, expected_version: int
) -> IncomingStudent:
    """Link the incoming carer to a person the officer chose, in one transaction.

    The carer's details that differ from the person's then follow the Carers
    data processing rule, as for a carer matched during import, so some may
    become data conflicts.
    Raises IncomingStudentChanged, and changes nothing, when the carer's
    student moved on or its version is not expected_version, or when the
    carer is no longer unmatched; Person.DoesNotExist for a missing person.
    """
    with transaction.atomic():
        carer, conflict = _carer_lock(incoming_carer_id, expected_version)
        person = Person.objects.get(pk=person_id)
        settled = _differences_settle(carer, person, actor)
        link = CarerLink(carer.relationship, carer.parental_responsibility)
        return _carer_resolve(
            carer, conflict, person, link, actor, "incoming_carer_select", settled
        )


def incoming_carer_person_add(
    *,
    incoming_carer_id: int,
    person_values: dict,
    link: CarerLink,
    actor,
    expected_version: int,
) -> IncomingStudent:
    """Add a new person from the officer's form and link the incoming carer to them.

    person_values contains Person fields, with the NI number in any spacing.
    Raises NiNumberHeld when another person already has the NI number, and
    IncomingStudentChanged as incoming_carer_person_select does.
    """
    with transaction.atomic():
        carer, conflict = _carer_lock(incoming_carer_id, expected_version)
        values = dict(person_values)
        values["ni_number"] = normalise_ni_number(values.get("ni_number") or "") or None
        if values["ni_number"]:
            holder_id = (
                Person.objects.filter(ni_number=values["ni_number"])
                .values_list("pk", flat=True)
                .first()
            )
            if holder_id is not None:
                raise NiNumberHeld(values["ni_number"], holder_id)

        person = Person.objects.create(**values)
        return _carer_resolve(carer, conflict, person, link, actor, "incoming_carer_add_person", {})


def _differences_settle(carer: IncomingCarer, person: Person, actor) -> dict:
    """Write or raise the carer's differences from the person. Return counts for the audit row."""
    incoming_student = carer.incoming_student
    settler = DifferenceSettler(
        incoming_student=incoming_student,
        student=Student.objects.get(pk=incoming_student.matched_student_id),
        rules=RuleBook.load(),
        actor=actor,
    )
    incoming_carer_differences_settle(settler, carer, person)
    DataConflict.objects.bulk_create(settler.settlement.conflicts)
    return {
        "carer_conflict_fields": sorted({c.field for c in settler.settlement.conflicts}),
        "imported_carer_fields": sorted(set(settler.settlement.written.person_fields)),
    }


def _carer_lock(incoming_carer_id: int, expected_version: int):
    carer = IncomingCarer.objects.filter(pk=incoming_carer_id).first()
    incoming_student_id = carer.incoming_student_id if carer else 0
    incoming_student = (
        IncomingStudent.objects.select_for_update().filter(pk=incoming_student_id).first()
    )
    if (
        incoming_student is None
        or incoming_student.state not in DECIDABLE_STATES
        or incoming_student.version != expected_version
    ):
        raise IncomingStudentChanged(incoming_student_id)

    conflict = DataConflict.objects.filter(
        incoming_carer=carer, field=UNMATCHED_CARER_FIELD, decision=ConflictDecision.OPEN
    ).first()
    if conflict is None:
        raise IncomingStudentChanged(incoming_student_id)
    carer.incoming_student = incoming_student
    return carer, conflict


def _carer_resolve(carer, conflict, person, link: CarerLink, actor, action: str, settled: dict):
    incoming_student = carer.incoming_student
    student_id = incoming_student.matched_student_id

    carer.matched_person = person
    carer.save(update_fields=["matched_person"])
    StudentCarer.objects.get_or_create(
        student_id=student_id,
        person=person,
        defaults={
            "relationship": link.relationship,
            "parental_responsibility": link.parental_responsibility,
            "priority": carer.priority,
        },
    )
    conflict.decision = ConflictDecision.ACCEPTED
    conflict.decided_by = actor
    conflict.decided_at = timezone.now()
    conflict.save(update_fields=["decision", "decided_by", "decided_at"])

    from_state = incoming_student.state
    incoming_student.state = open_conflicts_state(incoming_student)
    incoming_student.version += 1
    incoming_student.save(update_fields=["state", "version", "updated_at"])

    audit_record(
        action=action,
        actor=actor,
        incoming_student_id=incoming_student.pk,
        student_id=student_id,
        person_id=person.pk,
        incoming_file_id=incoming_student.incoming_file_id,
        from_state=from_state,
        to_state=incoming_student.state,
        reason=f"Incoming carer {carer.pk} linked to person {person.pk}",
        details={"incoming_carer_id": carer.pk, "conflict_id": conflict.pk, **settled},
    )
    logger.info(
        "Incoming carer resolved: action=%s incoming_carer=%d person=%d user=%s state=%s",
        action,
        carer.pk,
        person.pk,
        actor.pk,
        incoming_student.state,
    )
    return incoming_student
