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
from datetime import date
from functools import lru_cache

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


@dataclass(frozen=True, slots=True)
class _Details:
    """A carer's details in the forms that are compared, each None when missing or invalid."""

    ni_number: str | None
    date_of_birth: date | None
    nass_number: str | None
    phone: str | None
    email: str | None
    home: tuple[str, str] | None
    surname: str


# An incoming carer is compared with every candidate, and a register person
# with many incoming carers, so each record's details are worked out once.
@lru_cache(maxsize=16_384)
def _details(carer: CarerRecord) -> _Details:
    return _Details(
        ni_number=_ni_number(carer.ni_number),
        date_of_birth=normalise.normalise_date(carer.date_of_birth),
        nass_number=_nass_number(carer.nass_number),
        phone=_phone(carer.phone),
        email=_email(carer.email),
        home=_home(carer),
        surname=surname_key(carer.surname),
    )


def _names_agree(a: CarerRecord, b: CarerRecord) -> bool:
    surnames = _details(a).surname
    return (
        bool(surnames)
        and surnames == _details(b).surname
        and are_equivalent_forenames(a.forename, b.forename)
    )


def _equal(a, b) -> bool:
    return a is not None and a == b


def _evidence(incoming: CarerRecord, person: CarerRecord) -> _Evidence:
    agreements: list[str] = []
    contradiction = None
    ours, theirs = _details(incoming), _details(person)
    if ours.ni_number and theirs.ni_number and ours.ni_number != theirs.ni_number:
        contradiction = "different NI numbers"
    if ours.date_of_birth and theirs.date_of_birth and ours.date_of_birth != theirs.date_of_birth:
        contradiction = contradiction or "different dates of birth"

    checks = {
        "NI number": _equal(ours.ni_number, theirs.ni_number),
        "date of birth": _equal(ours.date_of_birth, theirs.date_of_birth),
        "NASS number": _equal(ours.nass_number, theirs.nass_number),
        "phone": _equal(ours.phone, theirs.phone),
        "email": _equal(ours.email, theirs.email),
        "address": _equal(ours.home, theirs.home),
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
