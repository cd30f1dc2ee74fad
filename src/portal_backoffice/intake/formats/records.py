"""Turn one child's record, as a JSON-shaped dict, into a ChildSubmission with its errors."""

from datetime import date

from portal_backoffice.matching.identifiers import (
    normalise_nass_number,
    normalise_ni_number,
    normalise_postcode,
    normalise_upn,
    validate_nass_number,
    validate_ni_number,
    validate_postcode,
    validate_upn,
)

from .extra import read_extra_data, read_module_data
from .types import CarerSubmission, ChildSubmission, FieldError
from .values import read_date, read_forename, read_gender, read_ncy, read_text, read_yes_no

_CHILD_TEXT_FIELDS = (
    "middle_names",
    "preferred_forename",
    "preferred_surname",
    "former_surname",
    "address_line_1",
    "address_line_2",
    "town",
    "registration_group",
)
_CARER_TEXT_FIELDS = (
    "title",
    "middle_names",
    "surname",
    "address_line_1",
    "address_line_2",
    "town",
    "phone",
    "email",
    "relationship",
)


class _Errors(list):
    """FieldErrors collected while a record is read."""

    def add(self, field: str, message: str | None) -> None:
        if message is not None:
            self.append(FieldError(field, message))


def child_submission_read(
    *, record_number: int, raw: dict, child: dict, module: str, date_style: str, today: date
) -> ChildSubmission:
    """Read a child's values and check them; bad values become errors on the submission."""
    errors = _Errors()
    submission = ChildSubmission(record_number=record_number, raw=raw)

    submission.forename = read_forename(child.get("forename"))
    submission.surname = read_text(child.get("surname"))
    for name in _CHILD_TEXT_FIELDS:
        setattr(submission, name, read_text(child.get(name)))
    if not submission.surname:
        errors.add("surname", "Surname is missing")

    submission.date_of_birth, message = read_date(
        child.get("date_of_birth"), label="Date of birth", style=date_style, today=today
    )
    errors.add("date_of_birth", message)
    submission.gender, message = read_gender(child.get("gender"), label="Gender")
    errors.add("gender", message)
    submission.ncy, message = read_ncy(child.get("ncy"))
    errors.add("ncy", message)

    submission.upn, message = _read_upn(child.get("upn"))
    errors.add("upn", message)
    submission.postcode, message = _read_postcode(child.get("postcode"), label="Postcode")
    errors.add("postcode", message)

    submission.extra_data = read_extra_data(
        child, date_style=date_style, today=today, errors=errors
    )
    submission.module_data = read_module_data(
        child.get("module_data") or {},
        module=module,
        date_style=date_style,
        today=today,
        errors=errors,
    )
    for position, carer in enumerate(child.get("carers") or [], start=1):
        submission.carers.append(
            _carer_read(carer, priority=position, date_style=date_style, today=today, errors=errors)
        )

    submission.errors = list(errors)
    return submission


def _carer_read(
    carer: dict, *, priority: int, date_style: str, today: date, errors: _Errors
) -> CarerSubmission:
    prefix = f"carers[{priority}]"
    label = f"Carer {priority}"
    submission = CarerSubmission(priority=priority)

    submission.forename = read_forename(carer.get("forename"))
    for name in _CARER_TEXT_FIELDS:
        setattr(submission, name, read_text(carer.get(name)))

    submission.date_of_birth, message = read_date(
        carer.get("date_of_birth"), label=f"{label} date of birth", style=date_style, today=today
    )
    errors.add(f"{prefix}.date_of_birth", message)
    submission.gender, message = read_gender(carer.get("gender"), label=f"{label} gender")
    errors.add(f"{prefix}.gender", message)
    submission.parental_responsibility, message = read_yes_no(
        carer.get("parental_responsibility"), label=f"{label} parental responsibility"
    )
    errors.add(f"{prefix}.parental_responsibility", message)

    submission.ni_number, message = _read_ni_number(carer.get("ni_number"), label=label)
    errors.add(f"{prefix}.ni_number", message)
    submission.nass_number, message = _read_nass_number(carer.get("nass_number"), label=label)
    errors.add(f"{prefix}.nass_number", message)
    submission.postcode, message = _read_postcode(carer.get("postcode"), label=f"{label} postcode")
    errors.add(f"{prefix}.postcode", message)
    return submission


def _read_upn(value: object) -> tuple[str, str | None]:
    text = read_text(value)
    if not text:
        return "", None
    problem = validate_upn(text)
    if problem:
        return "", f"UPN {text} is not valid. {problem}"
    return normalise_upn(text), None


def _read_postcode(value: object, *, label: str) -> tuple[str, str | None]:
    text = read_text(value)
    if not text:
        return "", None
    problem = validate_postcode(text)
    if problem:
        return "", f"{label} {text} is not valid. {problem}"
    return normalise_postcode(text), None


def _read_ni_number(value: object, *, label: str) -> tuple[str, str | None]:
    text = read_text(value)
    if not text:
        return "", None
    problem = validate_ni_number(text)
    if problem:
        return "", f"{label} National Insurance number {text} is not valid. {problem}"
    return normalise_ni_number(text), None


def _read_nass_number(value: object, *, label: str) -> tuple[str, str | None]:
    text = read_text(value)
    if not text:
        return "", None
    problem = validate_nass_number(text)
    if problem:
        return "", f"{label} asylum support reference number {text} is not valid. {problem}"
    return normalise_nass_number(text), None
