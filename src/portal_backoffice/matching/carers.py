"""Match an incoming carer to a person the LA already holds.

A carer is never matched on name, gender and relationship alone: one school
system did that and overwrote real parents' contact details with another
family's. Name agreement needs a second, independent agreement: date of birth,
NI number, NASS number, phone, email, or the same first address line and
postcode. An equal valid NI number is strong evidence on its own, unless the
dates of birth contradict it. Two equally good candidates mean no match.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from . import identifiers, normalise
from .nicknames import are_equivalent_forenames, surname_key
from .records import CarerRecord, RecordId

# How much each independent agreement counts when ranking candidates; an
# equal NI number outranks any mix of the others.
_NI_STRENGTH = 10


@dataclass(frozen=True, slots=True)
class CarerMatch:
    """The person an incoming carer matched, or None, and why."""

    person_id: RecordId | None
    reason: str


@dataclass(frozen=True, slots=True)
class _Evidence:
    person_id: RecordId
    strength: int
    agreements: tuple[str, ...]
    contradiction: str | None


def _ni_number(value: str) -> str | None:
    number = identifiers.normalise_ni_number(value or "")
    return number if identifiers.is_valid_ni_number(number) else None


def _nass_number(value: str) -> str | None:
    number = identifiers.normalise_nass_number(value or "")
    return number if number and identifiers.validate_nass_number(number) is None else None


def _phone(value: str) -> str | None:
    digits = re.sub(r"\D", "", value or "")
    if digits.startswith("44"):
        digits = "0" + digits[2:]
    return digits if len(digits) >= 10 else None


def _email(value: str) -> str | None:
    email = (value or "").strip().casefold()
    return email if "@" in email else None


def _home(carer: CarerRecord) -> tuple[str, str] | None:
    address = normalise.normalise_address_line(carer.address_line_1, expand_street_words=True)
    postcode = normalise.normalise_postcode(carer.postcode)
    return (address, postcode) if address and postcode else None


def _names_agree(a: CarerRecord, b: CarerRecord) -> bool:
    surnames = surname_key(a.surname)
    return (
        bool(surnames)
        and surnames == surname_key(b.surname)
        and are_equivalent_forenames(a.forename, b.forename)
    )


def _equal(a, b) -> bool:
    return a is not None and a == b


def _evidence(incoming: CarerRecord, person: CarerRecord) -> _Evidence:
    agreements: list[str] = []
    contradiction = None
    incoming_ni, person_ni = _ni_number(incoming.ni_number), _ni_number(person.ni_number)
    if incoming_ni and person_ni and incoming_ni != person_ni:
        contradiction = "different NI numbers"
    incoming_dob = normalise.normalise_date(incoming.date_of_birth)
    person_dob = normalise.normalise_date(person.date_of_birth)
    if incoming_dob and person_dob and incoming_dob != person_dob:
        contradiction = contradiction or "different dates of birth"

    checks = {
        "NI number": _equal(incoming_ni, person_ni),
        "date of birth": _equal(incoming_dob, person_dob),
        "NASS number": _equal(_nass_number(incoming.nass_number), _nass_number(person.nass_number)),
        "phone": _equal(_phone(incoming.phone), _phone(person.phone)),
        "email": _equal(_email(incoming.email), _email(person.email)),
        "address": _equal(_home(incoming), _home(person)),
    }
    agreements = [name for name, agrees in checks.items() if agrees]
    strength = sum(_NI_STRENGTH if name == "NI number" else 1 for name in agreements)
    if _names_agree(incoming, person):
        agreements.insert(0, "name")
    return _Evidence(person.record_id, strength, tuple(agreements), contradiction)


def _qualifies(evidence: _Evidence) -> bool:
    if evidence.contradiction:
        return False
    if "NI number" in evidence.agreements:
        return True
    return "name" in evidence.agreements and evidence.strength >= 1


def carer_match(incoming: CarerRecord, candidates: Sequence[CarerRecord]) -> CarerMatch:
    """Match an incoming carer to one of the candidate people, or to nobody.

    Pass the matched student's carers first, then other people found by NI
    number or by surname and postcode.
    """
    qualifying = [
        evidence for person in candidates if _qualifies(evidence := _evidence(incoming, person))
    ]
    if not qualifying:
        return CarerMatch(
            None, "No person agrees on the name and on a second detail, or on the NI number"
        )

    qualifying.sort(key=lambda evidence: -evidence.strength)
    best = qualifying[0]
    if len(qualifying) > 1 and qualifying[1].strength == best.strength:
        return CarerMatch(None, "Two people fit the incoming carer equally well")
    return CarerMatch(best.person_id, f"Matched on {', '.join(best.agreements)}")
