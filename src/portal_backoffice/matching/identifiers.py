"""Check and normalise UPNs, NI numbers, NASS numbers and postcodes.

Each validate_* function returns None for a valid value and otherwise a
message in GOV.UK style that names the problem and the fix.
"""

import re

# DfE UPN guide: the check letter alphabet skips I, O and S.
UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
_UPN_SHAPE = re.compile(r"^[A-HJ-NP-RT-Z][0-9]{11}[0-9A-HJ-NP-RT-Z]$")

# HMRC NIM39110: prefix letters never D F I Q U V (and O as second letter);
# the pairs BG GB KN NK NT TN ZZ are never allocated.
_NI_SHAPE = re.compile(
    r"^(?!BG|GB|KN|NK|NT|TN|ZZ)[ABCEGHJ-PRSTW-Z][ABCEGHJ-NPRSTW-Z][0-9]{6}[A-D]$"
)
# Administrative prefixes that look like NI numbers but are not.
_NI_ADMIN_PREFIXES = {"OO", "CR", "FY", "MW", "NC"}

# DfE eligibility checker rule: 9 or 10 digits, the third and fourth a month.
_NASS_SHAPE = re.compile(r"^[0-9]{2}(0[1-9]|1[0-2])[0-9]{5,6}$")

# BS7666 postcode, restated from the Cabinet Office pattern, with P allowed as
# the third character of an A9A outward code (as in N1P).
_POSTCODE_SHAPE = re.compile(
    r"^(GIR 0AA|[A-PR-UWYZ]([0-9][0-9A-HJKPSTUW]?|[A-HK-Y][0-9][0-9ABEHMNPRVWXY]?)"
    r" [0-9][ABD-HJLNP-UW-Z]{2})$"
)
# Test data uses the unallocated area ZZ, which is not BS7666 but must
# compare like a real postcode. It is accepted unless the caller passes
# allow_test_area=False.
_TEST_POSTCODE_SHAPE = re.compile(r"^ZZ[0-9]{1,2} [0-9][ABD-HJLNP-UW-Z]{2}$")


def _compact(value: str) -> str:
    return re.sub(r"[\s\-.]", "", value).upper()


def upn_check_letter(upn: str) -> str:
    """Compute the check letter for characters 2 to 13 of a UPN.

    Positions 2..13 are weighted 2..13; digits count as themselves and a
    temporary UPN's final letter as its place in UPN_LETTERS. The sum mod 23
    indexes UPN_LETTERS.
    """
    total = 0
    for position, char in enumerate(upn[1:13], start=2):
        value = int(char) if char.isdigit() else UPN_LETTERS.index(char)
        total += value * position
    return UPN_LETTERS[total % 23]


def normalise_upn(value: str) -> str:
    return _compact(value)


def is_valid_upn(value: str) -> bool:
    upn = normalise_upn(value)
    return bool(_UPN_SHAPE.match(upn)) and upn[0] == upn_check_letter(upn)


def is_temporary_upn(value: str) -> bool:
    """Tell whether a valid UPN is a temporary one, which ends in a letter."""
    upn = normalise_upn(value)
    return is_valid_upn(upn) and upn[-1].isalpha()


def validate_upn(value: str) -> str | None:
    upn = normalise_upn(value)
    if len(upn) != 13:
        return "Enter a UPN of 13 characters, a letter followed by 11 digits and a digit or letter"
    if not _UPN_SHAPE.match(upn):
        return "Enter a UPN that starts with a letter, then 11 digits, then a digit or letter"
    if upn[0] != upn_check_letter(upn):
        return "Enter a UPN with the right check letter: the first letter does not fit the rest"
    return None


def normalise_ni_number(value: str) -> str:
    return _compact(value)


def is_valid_ni_number(value: str) -> bool:
    return validate_ni_number(value) is None


def validate_ni_number(value: str) -> str | None:
    ni_number = normalise_ni_number(value)
    if ni_number[:2] in _NI_ADMIN_PREFIXES:
        return "Enter a National Insurance number, not an administrative reference"
    if not _NI_SHAPE.match(ni_number):
        return "Enter a National Insurance number in the right format, like QQ 12 34 56 C"
    return None


def format_ni_number(value: str) -> str:
    """Format a valid NI number for display, as QQ 12 34 56 C."""
    n = normalise_ni_number(value)
    return f"{n[0:2]} {n[2:4]} {n[4:6]} {n[6:8]} {n[8]}"


def normalise_nass_number(value: str) -> str:
    return value.strip()


def validate_nass_number(value: str) -> str | None:
    if not _NASS_SHAPE.match(normalise_nass_number(value)):
        return (
            "Enter an asylum support reference number of 9 or 10 digits, "
            "with digits 3 and 4 a month from 01 to 12"
        )
    return None


def normalise_postcode(value: str) -> str:
    """Upper-case, remove spaces and put one space before the last 3 characters.

    Look-alike characters (O for 0, I for 1) are left alone, so a mistyped
    postcode fails validation instead of being silently changed.
    """
    compact = re.sub(r"\s+", "", value).upper()
    if 5 <= len(compact) <= 7:
        return f"{compact[:-3]} {compact[-3:]}"
    return compact


def is_valid_postcode(value: str, *, allow_test_area: bool = True) -> bool:
    return validate_postcode(value, allow_test_area=allow_test_area) is None


def validate_postcode(value: str, *, allow_test_area: bool = True) -> str | None:
    postcode = normalise_postcode(value)
    if _POSTCODE_SHAPE.match(postcode):
        return None
    if allow_test_area and _TEST_POSTCODE_SHAPE.match(postcode):
        return None
    return "Enter a real postcode, like LS6 3QW"


def postcode_sector(postcode: str) -> str:
    """Return the outward code and the inward digit, as in 'LS6 3'."""
    normalised = normalise_postcode(postcode)
    return normalised[:-2] if " " in normalised else ""


def postcode_district(postcode: str) -> str:
    """Return the outward code, as in 'LS6'."""
    normalised = normalise_postcode(postcode)
    return normalised.split(" ")[0] if " " in normalised else ""
