"""Match a linked incoming student's carers to people in the register.

Each incoming carer is tried against the student's own carers first, then
against people with the same NI number or the same surname and postcode. The
engine's carer_match decides; it never matches on name, gender and
relationship alone. A matched carer's differences follow the Carers rule; an
unmatched carer becomes a Carers data conflict for an officer to match or add.
"""

from django.db.models import Q

from portal_backoffice.matching.carers import carer_match
from portal_backoffice.matching.identifiers import is_valid_ni_number, normalise_ni_number
from portal_backoffice.matching.records import CarerRecord
from portal_backoffice.register.models import Person, StudentCarer

from ..models import DataConflict, IncomingCarer
from ..models.choices import DataGroup
from .differences import Difference, DifferenceSettler, values_same
from .register_writes import RegisterWrites
from .values import CARER_FIELD_PREFIX, as_text

# Person fields compared for a matched carer, all in the Carers data group.
PERSON_FIELDS = (
    "title",
    "forename",
    "middle_names",
    "surname",
    "date_of_birth",
    "ni_number",
    "nass_number",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "phone",
    "email",
)
# People offered to carer_match from the whole register, at most.
MAXIMUM_PEOPLE_CANDIDATES = 50


def _carer_record(carer) -> CarerRecord:
    return CarerRecord(
        record_id=carer.pk,
        title=carer.title or "",
        forename=carer.forename or "",
        surname=carer.surname or "",
        date_of_birth=carer.date_of_birth,
        gender=carer.gender or "",
        ni_number=carer.ni_number or "",
        nass_number=carer.nass_number or "",
        address_line_1=carer.address_line_1 or "",
        postcode=carer.postcode or "",
        phone=carer.phone or "",
        email=carer.email or "",
        relationship=getattr(carer, "relationship", "") or "",
    )


def _people_elsewhere(carer: IncomingCarer, exclude_ids: set[int]) -> list[Person]:
    query = Q()
    ni_number = normalise_ni_number(carer.ni_number or "")
    if ni_number and is_valid_ni_number(ni_number):
        query |= Q(ni_number=ni_number)
    if carer.surname and carer.postcode:
        query |= Q(surname__iexact=carer.surname, postcode=carer.postcode)
    if not query:
        return []
    people = Person.objects.filter(query).exclude(pk__in=exclude_ids).order_by("pk")
    return list(people[:MAXIMUM_PEOPLE_CANDIDATES])


def _person_for(
    carer: IncomingCarer, own_people: list[Person], writes: RegisterWrites
) -> tuple[Person | None, str]:
    incoming = _carer_record(carer)
    match = carer_match(incoming, [_carer_record(person) for person in own_people])
    if match.person_id is not None:
        return next(p for p in own_people if p.pk == match.person_id), match.reason

    others = [
        writes.person(person)
        for person in _people_elsewhere(carer, {person.pk for person in own_people})
    ]
    if not others:
        return None, match.reason
    match = carer_match(incoming, [_carer_record(person) for person in others])
    if match.person_id is None:
        return None, match.reason
    return next(p for p in others if p.pk == match.person_id), match.reason


def incoming_carers_settle(settler: DifferenceSettler) -> dict:
    """Match every carer of the incoming student. Return counts for the audit row."""
    student = settler.student
    writes = settler.writes
    # all() reads the caller's prefetched carers when a batch fetched them.
    own_people = [writes.person(link.person) for link in student.carer_links.all()]
    counts = {"carers_matched": 0, "carers_linked": 0, "carers_unmatched": 0}

    for carer in settler.incoming_carers():
        person, _reason = _person_for(carer, own_people, writes)
        if person is None:
            counts["carers_unmatched"] += 1
            settler.settlement.conflicts.append(_unmatched_carer_conflict(settler, carer))
            continue

        writes.carer_person_set(carer, person)
        counts["carers_matched"] += 1
        if person not in own_people:
            _carer_link_add(writes, student, person, carer)
            own_people.append(person)
            counts["carers_linked"] += 1
        _person_fields_settle(settler, carer, person)

    return counts


def _unmatched_carer_conflict(settler: DifferenceSettler, carer: IncomingCarer) -> DataConflict:
    description = " ".join(part for part in (carer.display_name, carer.relationship) if part)
    return DataConflict(
        incoming_student=settler.incoming_student,
        data_group=DataGroup.CARERS,
        field="carer",
        incoming_carer=carer,
        la_value="",
        incoming_value=description,
    )


# NOTE: for a carer already linked to the student, a different relationship
# or parental responsibility in the file is not compared or raised.
def _carer_link_add(writes: RegisterWrites, student, person: Person, carer: IncomingCarer) -> None:
    writes.student_carer_add(
        StudentCarer(
            student=student,
            person=person,
            relationship=carer.relationship,
            parental_responsibility=carer.parental_responsibility,
            priority=carer.priority,
        )
    )


def incoming_carer_differences_settle(
    settler: DifferenceSettler, carer: IncomingCarer, person: Person
) -> None:
    """Settle each difference between a matched carer and its person by the Carers rule.

    The review pages call this when an officer matches a carer by hand.
    """
    _person_fields_settle(settler, carer, person)


def _person_fields_settle(settler: DifferenceSettler, carer: IncomingCarer, person: Person):
    changed = []
    for field_name in PERSON_FIELDS:
        incoming_text = as_text(getattr(carer, field_name)).strip()
        la_text = as_text(getattr(person, field_name))
        if not incoming_text or values_same(field_name, la_text, incoming_text):
            continue
        blocked = field_name == "ni_number" and settler.writes.ni_number_held_elsewhere(
            incoming_text, person
        )
        settler.settle(
            Difference(
                data_group=DataGroup.CARERS,
                field=CARER_FIELD_PREFIX + field_name,
                la_value=la_text,
                incoming_value=incoming_text,
                la_empty=not la_text,
                write=_person_writer(settler, person, field_name, incoming_text, changed),
                blocked=blocked,
                incoming_carer=carer,
            ),
            compare_as=field_name,
        )
    if changed:
        settler.writes.person_save(person, changed)


def _person_writer(settler, person: Person, field_name: str, value: str, changed: list):
    def write():
        settler.writes.person_field(
            person=person,
            field_name=field_name,
            value=value,
            actor=settler.actor,
            incoming_student=settler.incoming_student,
        )
        changed.append(field_name)
        settler.settlement.written.person_fields.append(field_name)

    return write
