"""The synthetic register as rows: the tables of the register CSV format.

Rows are tuples in the order of REGISTER_COLUMNS. Dates are date objects and
missing values are None; the writers format them.
"""

from collections.abc import Iterator

from .la import SyntheticLA
from .model import Household

REGISTER_COLUMNS: dict[str, tuple[str, ...]] = {
    "bases": ("laestab", "name", "base_type"),
    "students": (
        "student_id",
        "legal_forename",
        "middle_names",
        "legal_surname",
        "preferred_forename",
        "preferred_surname",
        "date_of_birth",
        "gender",
        "upn",
        "former_upns",
        "former_surnames",
        "base_laestab",
        "ncy",
        "registration_group",
        "address_line_1",
        "address_line_2",
        "town",
        "postcode",
        "leaving_date",
        "leaving_reason",
        "leaving_destination",
    ),
    "people": (
        "person_id",
        "title",
        "forename",
        "middle_names",
        "surname",
        "date_of_birth",
        "gender",
        "ni_number",
        "nass_number",
        "address_line_1",
        "address_line_2",
        "town",
        "postcode",
        "phone",
        "email",
    ),
    "student_carers": (
        "student_id",
        "person_id",
        "relationship",
        "parental_responsibility",
        "priority",
    ),
    "student_addresses": (
        "student_id",
        "address_line_1",
        "address_line_2",
        "town",
        "postcode",
        "valid_from",
        "valid_to",
    ),
    "sen": ("student_id", "provision", "need_type", "start_date", "end_date"),
    "exclusions": ("student_id", "category", "start_date", "end_date", "reason", "sessions"),
    "looked_after": ("student_id", "start_date", "end_date", "care_authority"),
}
# Several values in one cell, as in former_upns and former_surnames.
LIST_SEPARATOR = ";"


def base_rows(la: SyntheticLA) -> list[tuple]:
    return [(base.laestab, base.name, base.base_type) for base in la.bases.all()]


def register_row_batches(
    la: SyntheticLA, *, households_per_batch: int = 5_000
) -> Iterator[dict[str, list[tuple]]]:
    """Yield {table: rows} for each run of households; bases are not included."""
    for start in range(0, la.household_count, households_per_batch):
        batch: dict[str, list[tuple]] = {table: [] for table in REGISTER_COLUMNS}
        del batch["bases"]
        for household in la.households(start, start + households_per_batch):
            _household_rows(household, batch)
        yield batch


def _household_rows(household: Household, batch: dict[str, list[tuple]]) -> None:
    address = household.address
    for carer in household.carers:
        batch["people"].append(
            (
                carer.person_id,
                carer.title,
                carer.forename,
                carer.middle_names,
                carer.surname,
                carer.date_of_birth,
                carer.gender,
                carer.ni_number,
                carer.nass_number,
                address.line_1,
                address.line_2,
                address.town,
                address.postcode,
                carer.phone,
                carer.email,
            )
        )

    for student in household.students:
        batch["students"].append(
            (
                student.student_id,
                student.legal_forename,
                student.middle_names,
                student.legal_surname,
                student.preferred_forename,
                student.preferred_surname,
                student.date_of_birth,
                student.gender,
                student.upn,
                LIST_SEPARATOR.join(student.former_upns),
                LIST_SEPARATOR.join(student.former_surnames),
                student.base_laestab,
                student.ncy,
                student.registration_group,
                address.line_1,
                address.line_2,
                address.town,
                address.postcode,
                student.leaving_date,
                student.leaving_reason,
                student.leaving_destination,
            )
        )
        _student_history_rows(household, student, batch)


def _student_history_rows(household: Household, student, batch: dict[str, list[tuple]]) -> None:
    student_id = student.student_id
    for priority, carer in enumerate(household.carers, start=1):
        batch["student_carers"].append(
            (
                student_id,
                carer.person_id,
                carer.relationship,
                carer.parental_responsibility,
                priority,
            )
        )
    for period in household.addresses:
        moved_in = period.valid_from
        if moved_in is not None and moved_in < student.date_of_birth:
            moved_in = student.date_of_birth
        if period.valid_to is not None and period.valid_to <= student.date_of_birth:
            continue
        address = period.address
        batch["student_addresses"].append(
            (
                student_id,
                address.line_1,
                address.line_2,
                address.town,
                address.postcode,
                moved_in,
                period.valid_to,
            )
        )
    for sen in student.sen:
        batch["sen"].append(
            (student_id, sen.provision, sen.need_type, sen.start_date, sen.end_date)
        )
    for exclusion in student.exclusions:
        batch["exclusions"].append(
            (
                student_id,
                exclusion.category,
                exclusion.start_date,
                exclusion.end_date,
                exclusion.reason,
                exclusion.sessions,
            )
        )
    for period in student.looked_after:
        batch["looked_after"].append(
            (student_id, period.start_date, period.end_date, period.care_authority)
        )
