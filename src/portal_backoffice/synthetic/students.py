"""Generate one student: names, date of birth, base, NCY, UPN and histories."""

import random
from collections.abc import Iterable
from datetime import date, timedelta

from .bases import BaseCatalogue
from .calendar import birth_date_for_age, ncy_for_age, random_date_between
from .identifiers import LA_CODE, permanent_upn, temporary_upn
from .model import ExclusionEpisode, LookedAfterEpisode, SenPeriod, SyntheticStudent
from .names import NICKNAMES, ORIGIN_CHOICE, SIMILAR_FORENAMES

# Age on 31 August -> (base type or None for no setting, weight).
_SETTINGS_BY_AGE = {
    0: [(None, 0.75), ("PVI", 0.15), ("Childminder", 0.10)],
    1: [(None, 0.55), ("PVI", 0.30), ("Childminder", 0.15)],
    2: [(None, 0.25), ("PVI", 0.50), ("Childminder", 0.15), ("Nursery", 0.10)],
    3: [(None, 0.05), ("PVI", 0.45), ("Childminder", 0.10), ("Nursery", 0.20), ("Primary", 0.20)],
}
_SCHOOL_TYPE = {age: "Primary" for age in range(4, 11)} | {
    age: "Secondary" for age in range(11, 18)
}
_NEED_TYPES = ["SPLD", "MLD", "SLD", "PMLD", "SEMH", "SLCN", "HI", "VI", "MSI", "PD", "ASD", "OTH"]
_EXCLUSION_REASONS = ["PP", "PA", "VP", "VA", "BU", "RA", "DA", "DM", "TH", "MT", "OW", "DB"]
# Grounds for removal from a school's admission register, in short.
_LEAVING = [
    ("Registered at another school", "Another school in the LA"),
    ("Moved out of the area", "School outside the LA"),
    ("Home education", "Elective home education"),
    ("Over compulsory school age", "Further education college"),
]


def student_generate(
    rng: random.Random,
    *,
    student_id: int,
    household_index: int,
    age: int,
    twin,
    twin_position: int | None,
    family,
    siblings: list,
    bases: BaseCatalogue,
    base_preferences: dict[str, int],
    school_year: int,
    reference_date: date,
) -> SyntheticStudent:
    gender = rng.choice("MF")
    if twin is not None:
        date_of_birth = twin.date_of_birth
        sibling_names = [sibling.legal_forename for sibling in siblings]
        forename = twin_forename(rng, family.origin, gender, twin.legal_forename, sibling_names)
    else:
        date_of_birth = birth_date_for_age(rng, age, school_year)
        forename = _forename(rng, family, gender, siblings)
    surname = _surname(rng, family)

    base_type = _base_type(rng, age)
    base = bases.pick(base_type, base_preferences[base_type]) if base_type else None
    ncy = ncy_for_age(age)
    upn, former_upns = _upns(rng, student_id, base_type, date_of_birth)

    student = SyntheticStudent(
        student_id=student_id,
        household_index=household_index,
        legal_forename=forename,
        middle_names=_middle_names(rng, family.origin, gender, forename),
        legal_surname=surname,
        preferred_forename=_preferred_forename(rng, forename),
        preferred_surname=surname.split("-")[-1] if "-" in surname and rng.random() < 0.2 else "",
        former_surnames=[family.mother_surname]
        if family.mother_surname != surname and rng.random() < 0.15
        else [],
        date_of_birth=date_of_birth,
        gender=gender,
        upn=upn,
        former_upns=former_upns,
        base_laestab=base.laestab if base else "",
        ncy=ncy if base_type else "",
        registration_group=_registration_group(rng, base_type, ncy),
        twin_of=twin_position,
    )
    _histories(rng, student, age, base_type, reference_date)
    return student


def twin_forename(
    rng: random.Random, origin, gender: str, twin_name: str, sibling_names: Iterable[str] = ()
) -> str:
    """Pick a twin's forename, sometimes one that looks like the other twin's.

    sibling_names are the forenames of the family's other children. A new
    twin given one of them would be that child's double in name, date of
    birth and home, which no matcher could tell apart.
    """
    avoid = {twin_name, *sibling_names}
    for first, second in SIMILAR_FORENAMES:
        if twin_name in (first, second) and rng.random() < 0.6:
            alike = second if twin_name == first else first
            if alike not in avoid:
                return alike
    choose = origin.girls if gender == "F" else origin.boys
    name = choose(rng)
    while name in avoid:
        name = choose(rng)
    return name


def _forename(rng: random.Random, family, gender: str, siblings: list) -> str:
    # A few sons share their father's forename.
    if gender == "M" and family.father_forename and rng.random() < 0.03:
        return family.father_forename
    origin = family.origin if rng.random() < 0.9 else ORIGIN_CHOICE(rng)
    choose = origin.girls if gender == "F" else origin.boys
    taken = {sibling.legal_forename for sibling in siblings}
    name = choose(rng)
    for _ in range(5):
        if name not in taken:
            break
        name = choose(rng)
    return name


def _surname(rng: random.Random, family) -> str:
    if family.mother_surname != family.surname:
        draw = rng.random()
        if draw < 0.15:
            return f"{family.mother_surname}-{family.surname}"
        if draw < 0.18:
            return f"{family.mother_surname} {family.surname}"
    return family.surname


def _middle_names(rng: random.Random, origin, gender: str, forename: str) -> str:
    choose = origin.girls if gender == "F" else origin.boys
    draw = rng.random()
    count = 0
    if draw < 0.6:
        count = 1
    if draw < 0.12:
        count = 2
    names = []
    for _ in range(count):
        name = choose(rng)
        if name != forename and name not in names:
            names.append(name)
    return " ".join(names)


def _preferred_forename(rng: random.Random, forename: str) -> str:
    short_forms = NICKNAMES.get(forename)
    if short_forms and rng.random() < 0.3:
        return rng.choice(short_forms)
    return ""


def _base_type(rng: random.Random, age: int) -> str | None:
    if age in _SETTINGS_BY_AGE:
        options = _SETTINGS_BY_AGE[age]
        return rng.choices([kind for kind, _ in options], [weight for _, weight in options])[0]
    draw = rng.random()
    if draw < 0.025:
        return "Special"
    if draw < 0.035 or (age >= 16 and draw < 0.35):
        return None
    return _SCHOOL_TYPE.get(age, "Special")


def _upns(rng, student_id: int, base_type: str | None, date_of_birth: date):
    """Return (permanent UPN, former temporary UPNs): most school children have a UPN."""
    entry_year = date_of_birth.year + (5 if date_of_birth.month > 8 else 4)
    at_school = base_type in ("Primary", "Secondary", "Special")
    chance = 0.0
    if at_school:
        chance = 0.97
    elif base_type == "Nursery":
        chance = 0.4
    if rng.random() >= chance:
        return "", []
    draw = rng.random()
    if draw < 0.02:
        return "", [temporary_upn(student_id, entry_year=entry_year)]
    upn = permanent_upn(student_id, entry_year=entry_year)
    if draw < 0.05:
        return upn, [temporary_upn(student_id, entry_year=entry_year)]
    return upn, []


def _registration_group(rng: random.Random, base_type: str | None, ncy: str) -> str:
    if base_type in ("Primary", "Special") and ncy:
        return f"{ncy}{rng.choice('ABCHKMSW')}"
    if base_type == "Secondary":
        return f"{ncy}{rng.choice('ABCDEFGHJK')}{rng.choice('LMNPRST')}"
    if base_type in ("Nursery", "PVI"):
        return rng.choice(["Nursery", "Pre-school", "Toddlers", "Rainbows"])
    return ""


def _histories(rng, student: SyntheticStudent, age: int, base_type, reference_date: date):
    """Add SEN, exclusions, looked-after periods and leaver details to a few students."""
    since = student.date_of_birth + timedelta(days=3 * 365)
    if age >= 3 and rng.random() < 0.17:
        provision = "E" if rng.random() < 0.2 else "K"
        start = random_date_between(rng, since, reference_date)
        student.sen.append(SenPeriod(provision, rng.choice(_NEED_TYPES), start, None))

    if base_type == "Secondary" and rng.random() < 0.05:
        start = random_date_between(rng, reference_date - timedelta(days=700), reference_date)
        permanent = rng.random() < 0.08
        days = rng.randint(1, 5)
        student.exclusions.append(
            ExclusionEpisode(
                "PERM" if permanent else "FIXD",
                start,
                None if permanent else start + timedelta(days=days),
                rng.choice(_EXCLUSION_REASONS),
                None if permanent else days * 2,
            )
        )
        if permanent:
            student.leaving_date = start
            student.leaving_reason = "Permanently excluded"
            student.leaving_destination = "Pupil referral unit"

    if rng.random() < 0.008:
        start = random_date_between(rng, student.date_of_birth, reference_date)
        ended = rng.random() < 0.4
        end = random_date_between(rng, start, reference_date) if ended else None
        student.looked_after.append(LookedAfterEpisode(start, end, LA_CODE))

    if base_type and age >= 4 and not student.leaving_date and rng.random() < 0.02:
        reason, destination = rng.choice(_LEAVING)
        student.leaving_date = random_date_between(
            rng, reference_date - timedelta(days=300), reference_date
        )
        student.leaving_reason = reason
        student.leaving_destination = destination
