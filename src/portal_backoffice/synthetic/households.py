"""Generate one household: its address, carers and children, from its own random stream."""

import random
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from .bases import BaseCatalogue
from .calendar import random_date_between
from .identifiers import nass_number, ni_number, phone_number, postcode
from .model import Address, AddressPeriod, Household, SyntheticCarer
from .names import (
    ORIGIN_CHOICE,
    STREET_KINDS,
    STREET_STEMS,
    TITLES_MEN,
    TITLES_WOMEN,
    TOWNS,
    NameOrigin,
)
from .students import student_generate


@dataclass(frozen=True, slots=True)
class HouseholdPlan:
    """The sizes and first ids of a household, fixed before it is generated."""

    index: int
    children: int
    carers: int
    first_student_id: int
    first_person_id: int


@dataclass(frozen=True, slots=True)
class Family:
    """The names a household's children are given from."""

    origin: NameOrigin
    surname: str
    mother_surname: str
    father_forename: str


def household_generate(
    plan: HouseholdPlan,
    *,
    rng: random.Random,
    bases: BaseCatalogue,
    school_year: int,
    reference_date: date,
) -> Household:
    """Generate a household; the same plan and random stream give the same household."""
    origin = ORIGIN_CHOICE(rng)
    addresses = _address_history(rng, reference_date)
    ages = _child_ages(rng, plan.children)
    eldest_birth_year = school_year - max(age for age, _ in ages)

    carers, family = _carers(rng, plan, origin, eldest_birth_year)
    preferences = {kind: rng.randrange(10_000) for kind in bases.by_type}
    students = []
    for position, (age, twin_of) in enumerate(ages):
        twin = students[twin_of] if twin_of is not None else None
        students.append(
            student_generate(
                rng,
                student_id=plan.first_student_id + position,
                household_index=plan.index,
                age=age,
                twin=twin,
                twin_position=twin_of,
                family=family,
                siblings=students,
                bases=bases,
                base_preferences=preferences,
                school_year=school_year,
                reference_date=reference_date,
            )
        )
    return Household(plan.index, origin.name, addresses, carers, students)


def _child_ages(rng: random.Random, count: int) -> list[tuple[int, int | None]]:
    """Return (age on 31 August, index of the twin or None), eldest first."""
    ages: list[tuple[int, int | None]] = []
    age = rng.choices(range(18), weights=[4] * 8 + [5] * 10)[0]
    for position in range(count):
        if position and rng.random() < 0.04 and ages[-1][1] is None:
            ages.append((ages[-1][0], position - 1))
            continue
        if position:
            age = max(0, age - rng.randint(1, 5))
        ages.append((age, None))
    return ages


def _carers(rng, plan: HouseholdPlan, origin: NameOrigin, eldest_birth_year: int):
    """Return the carers and the surnames the children may take.

    Most households are a mother with or without the father; a few are a
    father alone, grandparents or foster carers.
    """
    family_surname = origin.surnames(rng)
    partner_origin = ORIGIN_CHOICE(rng) if rng.random() < 0.08 else origin
    mother_surname = family_surname if rng.random() < 0.75 else partner_origin.surnames(rng)
    parent_year = eldest_birth_year - rng.randint(20, 42)
    first_id = plan.first_person_id
    second = plan.carers > 1
    kind = rng.random()

    if kind < 0.06:
        carers = [
            _carer(rng, first_id, origin, "F", family_surname, parent_year - 25, "grandparent")
        ]
        if second:
            carers.append(
                _carer(
                    rng, first_id + 1, origin, "M", family_surname, parent_year - 27, "grandparent"
                )
            )
        mother_surname = family_surname
    elif kind < 0.08:
        surname = origin.surnames(rng)
        carers = [_carer(rng, first_id, origin, "F", surname, parent_year - 10, "foster carer")]
        if second:
            carers.append(
                _carer(rng, first_id + 1, origin, "M", surname, parent_year - 12, "foster carer")
            )
    elif kind < 0.13:
        carers = [_carer(rng, first_id, origin, "M", family_surname, parent_year - 2, "father")]
        if second:
            carers.append(
                _carer(
                    rng,
                    first_id + 1,
                    partner_origin,
                    "F",
                    mother_surname,
                    parent_year,
                    "step-parent",
                )
            )
    else:
        carers = [_carer(rng, first_id, partner_origin, "F", mother_surname, parent_year, "mother")]
        if second:
            carers.append(
                _carer(
                    rng,
                    first_id + 1,
                    origin,
                    "M",
                    family_surname,
                    parent_year - rng.randint(0, 6),
                    "father",
                )
            )
        else:
            family_surname = mother_surname

    fathers = [carer.forename for carer in carers if carer.relationship == "father"]
    family = Family(origin, family_surname, mother_surname, fathers[0] if fathers else "")
    return carers, family


_PARENTAL_RESPONSIBILITY = {"mother": True, "father": True}


def _carer(rng, person_id, origin, gender, surname, birth_year, relationship) -> SyntheticCarer:
    forename = origin.women(rng) if gender == "F" else origin.men(rng)
    middle = origin.women(rng) if gender == "F" else origin.men(rng)
    title = TITLES_WOMEN(rng) if gender == "F" else TITLES_MEN(rng)
    identity = rng.random()
    email_name = _ascii(f"{forename}.{surname}".lower())
    return SyntheticCarer(
        person_id=person_id,
        title=title,
        forename=forename,
        middle_names=middle if rng.random() < 0.4 and middle != forename else "",
        surname=surname,
        date_of_birth=date(birth_year, 1, 1) + timedelta(days=rng.randrange(365)),
        gender=gender,
        ni_number=ni_number(person_id) if identity < 0.90 else "",
        nass_number=nass_number(rng) if 0.90 <= identity < 0.93 else "",
        phone=phone_number(rng) if rng.random() < 0.85 else "",
        email=f"{email_name}{rng.randint(1, 99)}@example.com" if rng.random() < 0.7 else "",
        relationship=relationship,
        parental_responsibility=_PARENTAL_RESPONSIBILITY.get(relationship, False),
    )


def _ascii(text: str) -> str:
    """Fold a name to the letters an email address may hold."""
    folded = unicodedata.normalize("NFKD", text.replace("ł", "l"))
    return "".join(char for char in folded if char.isascii() and (char.isalnum() or char == "."))


def random_address(rng: random.Random) -> Address:
    """Draw an address; houses on the same stretch of a street share a postcode."""
    stem = rng.randrange(len(STREET_STEMS))
    kind_name = STREET_KINDS(rng)
    kind = STREET_KINDS.items.index(kind_name)
    number = rng.randint(1, 400)
    street = stem * len(STREET_KINDS) + kind
    district = street % 60 + 1
    sector = (street // 60 + number // 100) % 10
    unit = (street * 7 + number // 25) % 400
    line_1 = f"{number} {STREET_STEMS[stem]} {kind_name}"
    if rng.random() < 0.08:
        line_1 = f"Flat {rng.randint(1, 12)}, {line_1}"
    return Address(line_1, "", TOWNS[district % len(TOWNS)], postcode(district, sector, unit))


def _address_history(rng: random.Random, reference_date: date) -> list[AddressPeriod]:
    current = random_address(rng)
    if rng.random() >= 0.2:
        return [AddressPeriod(current, None, None)]
    moved = random_date_between(rng, reference_date - timedelta(days=3 * 365), reference_date)
    earlier = random_address(rng)
    return [AddressPeriod(current, moved, None), AddressPeriod(earlier, None, moved)]
