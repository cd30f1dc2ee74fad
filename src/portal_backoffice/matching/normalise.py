"""Normalise names, dates, genders, addresses and identifiers for matching.

Matching compares these forms, never the values shown to users, which keep
their case and accents. A value that normalises to None carries nothing to
compare: it was missing or a placeholder.
"""

import re
import unicodedata
from datetime import date
from functools import lru_cache

from . import identifiers, placeholders

# Letters that Unicode does not decompose into a base letter and a mark, so
# stripping combining marks leaves them unchanged.
_UNDECOMPOSABLE = str.maketrans(
    {
        "Ł": "L",
        "ł": "l",
        "Ø": "O",
        "ø": "o",
        "Æ": "AE",
        "æ": "ae",
        "Œ": "OE",
        "œ": "oe",
        "ß": "ss",
        "ẞ": "SS",
        "Đ": "D",
        "đ": "d",
        "Ð": "D",
        "ð": "d",
        "Þ": "TH",
        "þ": "th",
        "Ħ": "H",
        "ħ": "h",
        "ı": "i",
        "Ŀ": "L",
        "ŀ": "l",
    }
)

_APOSTROPHES = re.compile("['\u2018\u2019\u201b\u02bc\u02bb\u0060\u00b4\u2032]")
# Hyphens and dashes of every width, and full stops, separate name parts.
_SEPARATORS = re.compile("[\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212.,]")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_NOT_ALPHANUMERIC = re.compile(r"[^0-9a-z ]")

TITLES = frozenset({"mr", "mrs", "miss", "ms", "master", "dr", "mx"})

GENDERS = {"M": "M", "MALE": "M", "BOY": "M", "F": "F", "FEMALE": "F", "GIRL": "F"}

# Street-type abbreviations that address lines use interchangeably with the word.
_STREET_WORDS = {
    "rd": "road",
    "st": "street",
    "ave": "avenue",
    "av": "avenue",
    "cl": "close",
    "ct": "court",
    "cres": "crescent",
    "dr": "drive",
    "gdns": "gardens",
    "gr": "grove",
    "ln": "lane",
    "pl": "place",
    "sq": "square",
    "tce": "terrace",
    "ter": "terrace",
}

MATCH_FIELDS = (
    "forename",
    "middle_names",
    "surname",
    "address_line_1",
    "postcode",
    "upn",
    "gender",
    "date_of_birth",
)


# Names, towns and streets repeat across records, and an index rebuild folds
# several values of each of a million students.
@lru_cache(maxsize=65_536)
def fold_text(value: str) -> str:
    """Fold a value to lower-case ASCII-like letters with single spaces.

    Compose (NFC), fold letters with no decomposition (Ł to L), drop accents,
    case fold, remove apostrophes of every form, turn hyphens and full stops
    into spaces, and collapse every kind of whitespace, no-break spaces included.
    """
    text = unicodedata.normalize("NFC", value).translate(_UNDECOMPOSABLE)
    decomposed = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in decomposed if not unicodedata.combining(char))
    text = _INVISIBLE.sub("", text).casefold()
    text = _APOSTROPHES.sub("", text)
    text = _SEPARATORS.sub(" ", text)
    return " ".join(text.split())


def normalise_name(value: str | None, *, forename: bool = False) -> str | None:
    """Return a name in its matching form, or None for a missing or placeholder name.

    A title (Mr, Mrs, Miss, Ms, Master, Dr, Mx) that leads the field is removed
    when a name follows it. With forename, names given before registration
    (Baby, Baby Girl) count as placeholders too.
    """
    is_placeholder = (
        placeholders.is_placeholder_forename if forename else placeholders.is_placeholder_text
    )
    if is_placeholder(value):
        return None
    parts = fold_text(value).split()
    while len(parts) > 1 and parts[0] in TITLES:
        parts = parts[1:]
    return " ".join(parts) or None


def normalise_forename(value: str | None) -> str | None:
    return normalise_name(value, forename=True)


def name_parts(value: str | None) -> tuple[str, ...]:
    """Split a name into its parts, so Ashworth-Okafor gives ashworth and okafor."""
    name = normalise_name(value)
    return tuple(name.split()) if name else ()


def normalise_date(value: date | str | None) -> date | None:
    """Return a date of birth, or None when it is missing or a placeholder default."""
    if isinstance(value, str):
        value = date.fromisoformat(value.strip()) if value.strip() else None
    return None if placeholders.is_placeholder_date(value) else value


def normalise_gender(value: str | None) -> str | None:
    """Return M or F; unknown (U), blank and anything else is None."""
    return GENDERS.get((value or "").strip().upper())


def normalise_postcode(value: str | None) -> str | None:
    """Return the postcode in canonical form, or None for a placeholder.

    NHS pseudo-postcodes in ZZ99 (no fixed abode and similar) are not
    addresses, so they are None too.
    """
    if placeholders.is_placeholder_text(value):
        return None
    postcode = identifiers.normalise_postcode(value)
    if not postcode or postcode.startswith("ZZ99"):
        return None
    return postcode


def normalise_address_line(value: str | None, *, expand_street_words: bool = False) -> str | None:
    """Return an address line folded like a name, without punctuation.

    With expand_street_words, abbreviations such as Rd and Cl become Road
    and Close, which matching wants and conflict detection does not.
    """
    if placeholders.is_placeholder_text(value):
        return None
    words = _NOT_ALPHANUMERIC.sub(" ", fold_text(value)).split()
    if expand_street_words:
        words = [_STREET_WORDS.get(word, word) for word in words]
    return " ".join(words) or None


def normalise_upn(value: str | None) -> str | None:
    """Return a valid permanent UPN, or None.

    A temporary UPN only says the real one is not yet known, so it is never
    an identifier that two records can agree or disagree on.
    """
    if placeholders.is_placeholder_text(value):
        return None
    upn = identifiers.normalise_upn(value)
    if not identifiers.is_valid_upn(upn) or identifiers.is_temporary_upn(upn):
        return None
    return upn


_FIELD_NORMALISERS = {
    "forename": normalise_forename,
    "middle_names": normalise_name,
    "surname": normalise_name,
    "address_line_1": normalise_address_line,
    "postcode": normalise_postcode,
    "upn": normalise_upn,
    "gender": normalise_gender,
    "date_of_birth": normalise_date,
}


def normalise_field(field: str, value: object) -> object:
    """Normalise one value of a matching field; raise ValueError for another field."""
    try:
        normaliser = _FIELD_NORMALISERS[field]
    except KeyError:
        raise ValueError(f"{field} is not a matching field: use one of {MATCH_FIELDS}") from None
    return normaliser(value)


def same_value(field: str, a: object, b: object) -> bool:
    """Tell whether incoming value a says nothing different from LA value b.

    True when the two differ only in ways normalisation removes: case, spaces,
    Unicode form, apostrophe style, titles, postcode spacing, dropped accents.
    Also True when a is missing, a placeholder or a temporary UPN, because an
    absent incoming value never conflicts with what the LA holds. An empty LA
    value against a real incoming one is a difference (the data processing
    rule then decides whether to fill it), so the order of a and b matters.
    """
    incoming = normalise_field(field, a)
    if incoming is None:
        return True
    return incoming == normalise_field(field, b)
