"""Read a child's SEN, exclusions, looked-after periods, leaver details and module data.

Dates come out as ISO text so that the result can be stored as JSON as it is.
"""

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from .values import as_text, read_date, read_text

# DfE census SEN provision codes; legacy codes map to the current ones.
_SEN_PROVISIONS = {"E": "E", "K": "K", "N": "N", "S": "E", "A": "K", "P": "K", "Q": "K"}
_EXCLUSION_CATEGORIES = {"PERM", "FIXD", "LNCH"}
# Basis for two-year-old funding: economic criteria, high-level SEN or
# disability, looked after or adopted from care.
_TWO_YEAR_OLD_BASES = {"ECO", "HSD", "LAA"}
_LAESTAB = re.compile(r"^[0-9]{7}$")
_ELIGIBILITY_CODE = re.compile(r"^[0-9]{11}$")
_MODULE_NUMBERS = {
    "distance_miles": "Distance",
    "funded_hours": "Funded hours",
    "hours_at_setting": "Hours at setting",
}


def read_extra_data(child: dict, *, date_style: str, today: date, errors) -> dict:
    """Return {"sen", "exclusions", "looked_after", "leaver"}, holding only the groups given."""
    extra: dict = {}
    read = _DateReader(date_style=date_style, today=today, errors=errors)

    if "sen" in child:
        extra["sen"] = [_sen_read(entry, number, read) for number, entry in _numbered(child["sen"])]
    if "exclusions" in child:
        extra["exclusions"] = [
            _exclusion_read(entry, number, read) for number, entry in _numbered(child["exclusions"])
        ]
    if "looked_after" in child:
        extra["looked_after"] = [
            _looked_after_read(entry, number, read)
            for number, entry in _numbered(child["looked_after"])
        ]
    leaver = child.get("leaver") or {}
    if any(read_text(value) for value in leaver.values()):
        extra["leaver"] = {
            "leaving_date": read("leaver.leaving_date", "Leaving date", leaver.get("leaving_date")),
            "reason": read_text(leaver.get("reason")),
            "destination": read_text(leaver.get("destination")),
        }
    return extra


def read_module_data(
    module_data: dict, *, module: str, date_style: str, today: date, errors
) -> dict:
    """Return the module data with text cleaned, and check the items the module defines."""
    read = _DateReader(date_style=date_style, today=today, errors=errors)
    result = {
        key: as_text(value) for key, value in module_data.items() if key not in ("basis", "items")
    }

    if "basis" in module_data:
        result["basis"] = [read_text(code).upper() for code in module_data["basis"]]
        unknown = [code for code in result["basis"] if code and code not in _TWO_YEAR_OLD_BASES]
        if unknown:
            errors.add(
                "module_data.basis",
                f"Basis for funding {', '.join(unknown)} is not valid. Enter ECO, HSD or LAA",
            )
    if module == "2YO" and not any(result.get("basis", [])):
        errors.add("module_data.basis", "Basis for funding is missing. Enter ECO, HSD or LAA")

    for key, label in _MODULE_NUMBERS.items():
        text = read_text(module_data.get(key))
        if text and not _is_non_negative_number(text):
            errors.add(f"module_data.{key}", f"{label} {text} is not a number of 0 or more")
    _check_pattern(result, "school_laestab", _LAESTAB, "School DfE number", "7 digits", errors)
    _check_pattern(
        result, "eligibility_code", _ELIGIBILITY_CODE, "Eligibility code", "11 digits", errors
    )

    if "assessment_date" in module_data:
        result["assessment_date"] = read(
            "module_data.assessment_date", "Assessment date", module_data["assessment_date"]
        )
    if "items" in module_data:
        result["items"] = [
            {"area": read_text(item.get("area")), "outcome": read_text(item.get("outcome"))}
            for item in module_data["items"]
        ]
    return result


class _DateReader:
    """A date reader that returns ISO text and adds any error to the record's errors."""

    def __init__(self, *, date_style: str, today: date, errors) -> None:
        self.date_style = date_style
        self.today = today
        self.errors = errors

    def __call__(self, field: str, label: str, value: object) -> str | None:
        parsed, message = read_date(value, label=label, style=self.date_style, today=self.today)
        self.errors.add(field, message)
        return parsed.isoformat() if parsed else None


def _numbered(entries: list) -> list[tuple[int, dict]]:
    return list(enumerate(entries, start=1))


def _sen_read(entry: dict, number: int, read: _DateReader) -> dict:
    given = read_text(entry.get("provision")).upper()
    provision = _SEN_PROVISIONS.get(given, "")
    if given and not provision:
        read.errors.add(
            f"sen[{number}].provision", f"SEN provision {given} is not valid. Enter E, K or N"
        )
    return {
        "provision": provision,
        "need_type": read_text(entry.get("need_type")).upper(),
        "start_date": read(f"sen[{number}].start_date", "SEN start date", entry.get("start_date")),
        "end_date": read(f"sen[{number}].end_date", "SEN end date", entry.get("end_date")),
    }


def _exclusion_read(entry: dict, number: int, read: _DateReader) -> dict:
    prefix = f"exclusions[{number}]"
    category = read_text(entry.get("category")).upper()
    if category and category not in _EXCLUSION_CATEGORIES:
        read.errors.add(
            f"{prefix}.category",
            f"Exclusion category {category} is not valid. Enter PERM, FIXD or LNCH",
        )
        category = ""
    sessions_text = read_text(entry.get("sessions"))
    sessions = int(sessions_text) if sessions_text.isdigit() else None
    if sessions_text and sessions is None:
        read.errors.add(
            f"{prefix}.sessions", f"Exclusion sessions {sessions_text} is not a whole number"
        )
    return {
        "category": category,
        "start_date": read(f"{prefix}.start_date", "Exclusion start date", entry.get("start_date")),
        "end_date": read(f"{prefix}.end_date", "Exclusion end date", entry.get("end_date")),
        "reason": read_text(entry.get("reason")).upper(),
        "sessions": sessions,
    }


def _looked_after_read(entry: dict, number: int, read: _DateReader) -> dict:
    prefix = f"looked_after[{number}]"
    return {
        "start_date": read(
            f"{prefix}.start_date", "Looked-after start date", entry.get("start_date")
        ),
        "end_date": read(f"{prefix}.end_date", "Looked-after end date", entry.get("end_date")),
        "care_authority": read_text(entry.get("care_authority")),
    }


def _is_non_negative_number(text: str) -> bool:
    try:
        number = Decimal(text)
    except InvalidOperation:
        return False
    return number.is_finite() and number >= 0


def _check_pattern(result: dict, key: str, pattern, label: str, form: str, errors) -> None:
    text = read_text(result.get(key))
    if text and not pattern.match(text):
        errors.add(f"module_data.{key}", f"{label} {text} is not valid. Enter {form}")
