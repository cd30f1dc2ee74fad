"""The errors real portal submissions carry, each applied to a record in the JSON shape.

Each function changes the record in place and returns False when the error
cannot apply to it (no accent to drop, a day above 12 to swap), so the
caller can pick another. Error kinds are recorded in the ground truth.
"""

import random
import unicodedata
from datetime import date

from .households import random_address
from .identifiers import wrong_check_letter
from .names import NICKNAMES

_NEARBY_KEYS = {
    "a": "sq",
    "b": "vn",
    "c": "xv",
    "d": "sf",
    "e": "wr",
    "f": "dg",
    "g": "fh",
    "h": "gj",
    "i": "uo",
    "j": "hk",
    "k": "jl",
    "l": "k",
    "m": "n",
    "n": "bm",
    "o": "ip",
    "p": "o",
    "q": "w",
    "r": "et",
    "s": "ad",
    "t": "ry",
    "u": "yi",
    "v": "cb",
    "w": "qe",
    "x": "zc",
    "y": "tu",
    "z": "x",
}
_PLACEHOLDER_FIELDS = [
    ("upn", "UNKNOWN"),
    ("gender", "N/A"),
    ("middle_names", "TBC"),
    ("date_of_birth", "1900-01-01"),
    ("address_line_1", "TBC"),
]


def one_letter_typo(rng: random.Random, name: str) -> str:
    """Change one letter: a nearby key, a dropped letter, a doubled one or two swapped."""
    letters = [i for i, char in enumerate(name) if char.isalpha()]
    if len(letters) < 3:
        return name + name[-1]
    position = rng.choice(letters[1:])
    char = name[position]
    kind = rng.randrange(4)
    if kind == 0:
        nearby = _NEARBY_KEYS.get(char.lower(), "e")
        replacement = rng.choice(nearby)
        return (
            name[:position]
            + (replacement.upper() if char.isupper() else replacement)
            + name[position + 1 :]
        )
    if kind == 1:
        return name[:position] + name[position + 1 :]
    if kind == 2:
        return name[:position] + char + name[position:]
    if position + 1 < len(name) and name[position + 1] != char:
        return name[:position] + name[position + 1] + char + name[position + 2 :]
    return name[:position] + name[position + 1 :]


def fold_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("ł", "l").replace("Ł", "L"))
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def typo_forename(rng, record, context) -> bool:
    record["forename"] = one_letter_typo(rng, record["forename"])
    return True


def typo_surname(rng, record, context) -> bool:
    record["surname"] = one_letter_typo(rng, record["surname"])
    return True


def nickname(rng, record, context) -> bool:
    short_forms = NICKNAMES.get(record["forename"])
    if not short_forms:
        return False
    record["forename"] = rng.choice(short_forms)
    return True


def dob_day_month_swapped(rng, record, context) -> bool:
    born = date.fromisoformat(record["date_of_birth"])
    if born.day > 12 or born.day == born.month:
        return False
    record["date_of_birth"] = date(born.year, born.day, born.month).isoformat()
    return True


def surname_changed(rng, record, context) -> bool:
    others = [
        carer["surname"] for carer in record["carers"] if carer["surname"] != record["surname"]
    ]
    new = others[0] if others else context.origin.surnames(rng)
    if new == record["surname"] or "-" in record["surname"]:
        return False
    if rng.random() < 0.5:
        record["former_surname"] = record["surname"]
    record["surname"] = new
    return True


def double_barrelled_part(rng, record, context) -> bool:
    surname = record["surname"]
    parts = surname.replace("-", " ").split()
    if "-" not in surname and not (len(parts) == 2 and context.double_surname):
        return False
    record["surname"] = rng.choice(parts)
    return True


def double_barrelled_full(rng, record, context) -> bool:
    others = [
        carer["surname"] for carer in record["carers"] if carer["surname"] != record["surname"]
    ]
    if not others or "-" in record["surname"] or " " in record["surname"]:
        return False
    record["surname"] = f"{others[0]}-{record['surname']}"
    return True


def moved_house(rng, record, context) -> bool:
    address = random_address(rng)
    for target in (record, *record["carers"]):
        target["address_line_1"] = address.line_1
        target["town"] = address.town
        target["postcode"] = address.postcode
    return True


def missing_gender(rng, record, context) -> bool:
    record["gender"] = ""
    return True


def names_in_capitals(rng, record, context) -> bool:
    record["forename"] = record["forename"].upper()
    record["surname"] = record["surname"].upper()
    return True


def forename_surname_swapped(rng, record, context) -> bool:
    record["forename"], record["surname"] = record["surname"], record["forename"]
    return True


def no_upn(rng, record, context) -> bool:
    if not record["upn"]:
        return False
    record["upn"] = ""
    return True


def placeholder(rng, record, context) -> bool:
    field, value = rng.choice(_PLACEHOLDER_FIELDS)
    if field == "upn" and not record["upn"]:
        field, value = "gender", "N/A"
    record[field] = value
    return True


def title_in_name(rng, record, context) -> bool:
    title = {"M": "Master", "F": "Miss"}.get(record["gender"], "Miss")
    record["forename"] = f"{title} {record['forename']}"
    return True


def accents_dropped(rng, record, context) -> bool:
    folded = {key: fold_accents(record[key]) for key in ("forename", "surname")}
    if folded["forename"] == record["forename"] and folded["surname"] == record["surname"]:
        return False
    record.update(folded)
    return True


def parent_details(rng, record, context) -> bool:
    """Put the first carer's forename, and sometimes date of birth, in the child's fields."""
    carer = context.household.carers[0]
    record["forename"] = carer.forename
    if rng.random() < 0.5:
        record["date_of_birth"] = carer.date_of_birth.isoformat()
    return True


# Error kind -> (function, weight among the errors a held child may carry).
# An error that does not apply is drawn again, so errors that rarely apply
# (a double-barrelled surname, an accent) get bigger weights.
MATCHABLE_ERRORS = {
    "typo_forename": (typo_forename, 10),
    "typo_surname": (typo_surname, 8),
    "nickname": (nickname, 10),
    "dob_day_month_swapped": (dob_day_month_swapped, 5),
    "surname_changed": (surname_changed, 3),
    "double_barrelled_part": (double_barrelled_part, 40),
    "double_barrelled_full": (double_barrelled_full, 2),
    "moved_house": (moved_house, 12),
    "missing_gender": (missing_gender, 8),
    "names_in_capitals": (names_in_capitals, 10),
    "forename_surname_swapped": (forename_surname_swapped, 3),
    "no_upn": (no_upn, 6),
    "placeholder": (placeholder, 6),
    "title_in_name": (title_in_name, 4),
    "accents_dropped": (accents_dropped, 15),
    "parent_details": (parent_details, 1),
}


def bad_upn_check_letter(rng, record, context) -> bool:
    record["upn"] = wrong_check_letter(record["upn"] or context.spare_upn)
    return True


def malformed_postcode(rng, record, context) -> bool:
    record["postcode"] = rng.choice(["ZZ1", "ZZ12 3", "Z1Z 9ZZ", "ZZ12 3CK", "12 3AB"])
    return True


def impossible_date(rng, record, context) -> bool:
    year = record["date_of_birth"][:4]
    year = year if year.isdigit() else "2020"
    record["date_of_birth"] = f"{year}-02-{rng.choice([30, 31])}"
    return True


def future_date(rng, record, context) -> bool:
    born = date.fromisoformat(record["date_of_birth"])
    # Fifty years on keeps the date in the future for decades of test runs.
    future_year = max(born.year, 2000) + 50
    record["date_of_birth"] = born.replace(year=future_year, day=min(born.day, 28)).isoformat()
    return True


def missing_surname(rng, record, context) -> bool:
    record["surname"] = ""
    return True


def malformed_ni_number(rng, record, context) -> bool:
    if not record["carers"]:
        return False
    carer = record["carers"][0]
    given = carer["ni_number"] or "HT520817A"
    carer["ni_number"] = rng.choice([given[:-1] + "E", given[:7], "QQ" + given[2:], given + "7"])
    return True


INVALIDATING_ERRORS = {
    "bad_upn_check_letter": bad_upn_check_letter,
    "malformed_postcode": malformed_postcode,
    "impossible_date": impossible_date,
    "future_date": future_date,
    "missing_surname": missing_surname,
    "malformed_ni_number": malformed_ni_number,
}
