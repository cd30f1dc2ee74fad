"""Possible matches among people for an incoming carer who matched nobody.

The list is ranked, not scored: the matched student's own carers first, then
people with the same NI number, then people with the same surname and postcode.
"""

from dataclasses import dataclass

from portal_backoffice.intake.models import IncomingCarer
from portal_backoffice.matching.identifiers import is_valid_ni_number, normalise_ni_number
from portal_backoffice.register.models import Person

# People listed for one carer, at most.
MAXIMUM_CARER_CANDIDATES = 20


@dataclass(frozen=True)
class CarerCandidate:
    """A person who may be the incoming carer, and why they are listed."""

    person: Person
    reason: str


def carer_candidates_for(carer: IncomingCarer) -> list[CarerCandidate]:
    student_id = carer.incoming_student.matched_student_id
    candidates: dict[int, CarerCandidate] = {}

    own = Person.objects.filter(student_links__student_id=student_id).order_by(
        "student_links__priority", "pk"
    )
    for person in own:
        candidates.setdefault(person.pk, CarerCandidate(person, "A carer of this student"))

    ni_number = normalise_ni_number(carer.ni_number or "")
    if ni_number and is_valid_ni_number(ni_number):
        for person in Person.objects.filter(ni_number=ni_number):
            candidates.setdefault(person.pk, CarerCandidate(person, "Same NI number"))

    if carer.surname and carer.postcode:
        same_home = Person.objects.filter(
            surname__iexact=carer.surname, postcode__iexact=carer.postcode
        ).order_by("pk")
        for person in same_home[:MAXIMUM_CARER_CANDIDATES]:
            candidates.setdefault(person.pk, CarerCandidate(person, "Same surname and postcode"))

    return list(candidates.values())[:MAXIMUM_CARER_CANDIDATES]
