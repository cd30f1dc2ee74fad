"""Invented identifiers: UPNs in LA 999, NI numbers, NASS numbers, ZZ postcodes.

UPNs and NI numbers come from a bijection of a record id, so they are
unique without any lookup, whatever order households are generated in.
"""

import random

from portal_backoffice.matching.identifiers import UPN_LETTERS, upn_check_letter

# 999 is not allocated to any LA, so no real pupil has these UPNs.
LA_CODE = "999"

# Multipliers coprime to the modulus make id -> number a bijection below it.
_PERMANENT_MODULUS = 10**7
_PERMANENT_MULTIPLIER = 3_141_593
_TEMPORARY_MODULUS = 10**6
_TEMPORARY_MULTIPLIER = 271_829

_NI_FIRST = "ABCEGHJKLMNOPRSTWXYZ"
_NI_SECOND = "ABCEGHJKLMNPRSTWXYZ"
_NI_NEVER = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ", "OO", "CR", "FY", "MW", "NC"}
_NI_PREFIXES = [
    first + second
    for first in _NI_FIRST
    for second in _NI_SECOND
    if first + second not in _NI_NEVER and first != "O"
]
_NI_MODULUS = len(_NI_PREFIXES) * 10**6 * 4
_NI_MULTIPLIER = 7_368_787

# Inward code letters never include C I K M O V.
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def permanent_upn(student_id: int, *, entry_year: int) -> str:
    """Return a permanent UPN: check letter, 999, 4 digits, entry year, 3 digits."""
    body = f"{(student_id * _PERMANENT_MULTIPLIER + 12345) % _PERMANENT_MODULUS:07d}"
    digits = f"{LA_CODE}{body[:4]}{entry_year % 100:02d}{body[4:]}"
    return upn_check_letter("?" + digits) + digits


def temporary_upn(student_id: int, *, entry_year: int) -> str:
    """Return a temporary UPN, which ends in a letter instead of a digit."""
    body = f"{(student_id * _TEMPORARY_MULTIPLIER + 777) % _TEMPORARY_MODULUS:06d}"
    final = UPN_LETTERS[(student_id // _TEMPORARY_MODULUS) % len(UPN_LETTERS)]
    rest = f"{LA_CODE}{body[:4]}{entry_year % 100:02d}{body[4:]}{final}"
    return upn_check_letter("?" + rest) + rest


def wrong_check_letter(upn: str) -> str:
    """Return the UPN with a different, wrong check letter."""
    right = UPN_LETTERS.index(upn[0])
    return UPN_LETTERS[(right + 7) % len(UPN_LETTERS)] + upn[1:]


def ni_number(person_id: int) -> str:
    """Return a well-formed NI number, unique for each person id."""
    number = (person_id * _NI_MULTIPLIER + 4242) % _NI_MODULUS
    number, suffix = divmod(number, 4)
    prefix_index, digits = divmod(number, 10**6)
    return f"{_NI_PREFIXES[prefix_index]}{digits:06d}{'ABCD'[suffix]}"


def nass_number(rng: random.Random) -> str:
    """Return a reference of 10 digits whose third and fourth digits are a month."""
    return f"{rng.randint(15, 26):02d}{rng.randint(1, 12):02d}{rng.randint(0, 999_999):06d}"


def postcode(district: int, sector: int, unit: int) -> str:
    """Return a postcode in the unallocated area ZZ, such as ZZ12 3AB."""
    first = INWARD_LETTERS[unit // len(INWARD_LETTERS) % len(INWARD_LETTERS)]
    second = INWARD_LETTERS[unit % len(INWARD_LETTERS)]
    return f"ZZ{district} {sector}{first}{second}"


def phone_number(rng: random.Random) -> str:
    # 07700 900000 to 900999 are the numbers Ofcom keeps for drama, never allocated.
    return f"07700 900{rng.randint(0, 999):03d}"
