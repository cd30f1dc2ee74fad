"""School-year arithmetic: age on 31 August, NCY, and dates of birth for a year group."""

import random
from datetime import date, timedelta

# NCY by age on the 31 August before the school year (DfE census convention;
# the E and N years extend it downwards).
_NCY_BY_AGE = ["E1", "E2", "N1", "N2", "R", *(str(year) for year in range(1, 15))]


def school_year_start(reference_date: date) -> int:
    """Return the calendar year in which the current school year began."""
    return reference_date.year if reference_date.month >= 9 else reference_date.year - 1


def age_on_31_august(date_of_birth: date, school_year: int) -> int:
    before_birthday = (date_of_birth.month, date_of_birth.day) > (8, 31)
    return school_year - date_of_birth.year - (1 if before_birthday else 0)


def ncy_for_age(age: int) -> str:
    """Return the NCY for an age on 31 August, or "" for a child too young for E1."""
    if 0 <= age < len(_NCY_BY_AGE):
        return _NCY_BY_AGE[age]
    return ""


def birth_date_for_age(rng: random.Random, age: int, school_year: int) -> date:
    """Draw a date of birth that makes a child the given age on 31 August."""
    first = date(school_year - age - 1, 9, 1)
    return first + timedelta(days=rng.randrange(365))


def random_date_between(rng: random.Random, first: date, last: date) -> date:
    days = (last - first).days
    return first + timedelta(days=rng.randint(0, max(days, 0)))
