"""Values that portals and legacy systems put in a field when they mean 'unknown'.

A placeholder counts as missing: it is never agreement between two records,
never a conflict, and never written over an LA value.
"""

import re
from datetime import date
from functools import lru_cache

_PLACEHOLDER_TEXT = {
    "",
    "UNKNOWN",
    "UNK",
    "NK",
    "NOT KNOWN",
    "N/A",
    "NA",
    "N.A.",
    "NONE",
    "NULL",
    "NIL",
    "TBC",
    "TBA",
    "TBD",
    "TO BE CONFIRMED",
    "NOT GIVEN",
    "NOT PROVIDED",
    "NO FIXED ABODE",
    "-",
    "?",
    "X",
    "XX",
    "XXX",
}

# Forenames given to a child before one is registered.
_PLACEHOLDER_FORENAMES = {"BABY", "BABY BOY", "BABY GIRL", "INFANT", "UNBORN", "NEWBORN"}

# Default dates that systems fill in when no date of birth was entered.
_PLACEHOLDER_DATES = {date(1900, 1, 1), date(1901, 1, 1), date(1970, 1, 1), date(1899, 12, 31)}

_SPACES = re.compile(r"\s+")


# An import checks every text value of every record, and most values
# (empty text, common names, towns) come again and again.
@lru_cache(maxsize=65_536)
def _key(value: str) -> str:
    return _SPACES.sub(" ", value).strip().upper()


def is_placeholder_text(value: str | None) -> bool:
    return value is None or _key(value) in _PLACEHOLDER_TEXT


def is_placeholder_forename(value: str | None) -> bool:
    return is_placeholder_text(value) or _key(value) in _PLACEHOLDER_FORENAMES


def is_placeholder_date(value: date | None) -> bool:
    return value is None or value in _PLACEHOLDER_DATES


def text_or_empty(value: str | None) -> str:
    """Return the value, or an empty string where it is a placeholder."""
    return "" if is_placeholder_text(value) else value
