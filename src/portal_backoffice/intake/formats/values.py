"""Read single values from a submission: text, dates, codes and yes/no values.

Each read_* function returns the typed value and, for a bad value, a message
that names the field and says what is wrong; it never returns both.
"""

import re
import unicodedata
from datetime import date

from portal_backoffice.matching.placeholders import (
    is_placeholder_date,
    is_placeholder_forename,
    is_placeholder_text,
)

_SPACES = re.compile(r"\s+")
_ISO_DATE = re.compile(r"^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})$")
_UK_DATE = re.compile(r"^([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})$")

# The date forms each file format uses: JSON files ISO 8601, CSV files UK dates.
DATE_STYLE_ISO = "iso"
DATE_STYLE_UK = "uk"
_DATE_FORM_NAMES = {DATE_STYLE_ISO: "yyyy-mm-dd", DATE_STYLE_UK: "dd/mm/yyyy"}

_GENDERS = {"M": "M", "MALE": "M", "BOY": "M", "F": "F", "FEMALE": "F", "GIRL": "F", "U": "U"}
NCY_VALUES = frozenset(["E1", "E2", "N1", "N2", "R", "X", *(str(year) for year in range(1, 15))])
_YES = {"TRUE", "YES", "Y", "1"}
_NO = {"FALSE", "NO", "N", "0"}


def as_text(value: object) -> str:
    """Return a value as NFC text with spaces trimmed and collapsed, keeping its case."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def read_text(value: object) -> str:
    """Return the text, or an empty string for a placeholder such as UNKNOWN or N/A."""
    text = as_text(value)
    return "" if is_placeholder_text(text) else text


def read_forename(value: object) -> str:
    """Like read_text, and also empty for a placeholder forename such as BABY."""
    text = as_text(value)
    return "" if is_placeholder_forename(text) else text


def read_date(
    value: object, *, label: str, style: str, today: date
) -> tuple[date | None, str | None]:
    """Read a date in the file's form; a placeholder date such as 1900-01-01 reads as None."""
    text = read_text(value)
    if not text:
        return None, None

    pattern = _ISO_DATE if style == DATE_STYLE_ISO else _UK_DATE
    found = pattern.match(text)
    if not found:
        return None, f"{label} {text} is not a date in the form {_DATE_FORM_NAMES[style]}"

    if style == DATE_STYLE_ISO:
        year, month, day = (int(part) for part in found.groups())
    else:
        day, month, year = (int(part) for part in found.groups())
    try:
        parsed = date(year, month, day)
    except ValueError:
        return None, f"{label} {text} is not a real date"

    if is_placeholder_date(parsed):
        return None, None
    if parsed > today:
        return None, f"{label} {text} is in the future"
    return parsed, None


def read_gender(value: object, *, label: str) -> tuple[str, str | None]:
    text = read_text(value)
    if not text:
        return "", None
    gender = _GENDERS.get(text.upper())
    if gender is None:
        return "", f"{label} {text} is not valid. Enter M, F or U"
    return gender, None


def read_ncy(value: object) -> tuple[str, str | None]:
    text = read_text(value).upper()
    if not text:
        return "", None
    if text not in NCY_VALUES:
        return "", f"NCY {text} is not valid. Enter E1, E2, N1, N2, R, X or a year from 1 to 14"
    return text, None


def read_yes_no(value: object, *, label: str) -> tuple[bool, str | None]:
    text = read_text(value).upper()
    if not text or text in _NO:
        return False, None
    if text in _YES:
        return True, None
    return False, f"{label} {as_text(value)} is not valid. Enter yes or no"
