"""The register CSV files: their columns, and rows read with errors that name the cell."""

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path

# File -> (required columns, optional columns), in load order.
REGISTER_FILES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "bases.csv": (("laestab", "name", "base_type"), ()),
    "students.csv": (
        ("student_id", "legal_forename", "legal_surname", "date_of_birth"),
        (
            "middle_names",
            "preferred_forename",
            "preferred_surname",
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
    ),
    "people.csv": (
        ("person_id", "forename", "surname"),
        (
            "title",
            "middle_names",
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
    ),
    "student_carers.csv": (
        ("student_id", "person_id"),
        ("relationship", "parental_responsibility", "priority"),
    ),
    "student_addresses.csv": (
        ("student_id", "address_line_1"),
        ("address_line_2", "town", "postcode", "valid_from", "valid_to"),
    ),
    "sen.csv": (("student_id", "provision"), ("need_type", "start_date", "end_date")),
    "exclusions.csv": (
        ("student_id", "category", "start_date"),
        ("end_date", "reason", "sessions"),
    ),
    "looked_after.csv": (("student_id", "start_date"), ("end_date", "care_authority")),
}
# Several values in one cell, as in former_upns.
LIST_SEPARATOR = ";"
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0", ""}


class RegisterLoadError(Exception):
    """A register file that cannot be loaded; the message names the file, line and column."""


class Row:
    """One CSV row, with readers that raise RegisterLoadError naming the cell."""

    __slots__ = ("file_name", "line", "values")

    def __init__(self, file_name: str, line: int, values: dict[str, str]) -> None:
        self.file_name = file_name
        self.line = line
        self.values = values

    def error(self, column: str, problem: str) -> RegisterLoadError:
        return RegisterLoadError(f"{self.file_name}, line {self.line}, column {column}: {problem}")

    def text(self, column: str) -> str:
        return (self.values.get(column) or "").strip()

    def required(self, column: str) -> str:
        value = self.text(column)
        if not value:
            raise self.error(column, "is empty; every row needs a value here")
        return value

    def integer(self, column: str) -> int | None:
        value = self.text(column)
        if not value:
            return None
        if not value.isdigit():
            raise self.error(column, f"{value!r} is not a whole number")
        return int(value)

    def date(self, column: str) -> date | None:
        value = self.text(column)
        if not value:
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            # The value may be a date of birth, so it stays out of the message.
            raise self.error(column, "is not a real date in the form yyyy-mm-dd") from None

    def required_date(self, column: str) -> date:
        value = self.date(column)
        if value is None:
            raise self.error(column, "is empty; every row needs a value here")
        return value

    def boolean(self, column: str) -> bool:
        value = self.text(column).lower()
        if value not in _YES | _NO:
            raise self.error(column, f"{value!r} is not valid; enter yes or no")
        return value in _YES

    def code(self, column: str, allowed: set[str]) -> str:
        value = self.text(column).upper()
        if value and value not in allowed:
            choices = ", ".join(sorted(allowed))
            raise self.error(column, f"{value!r} is not valid; use one of {choices}")
        return value


def read_rows(path: Path) -> Iterator[Row]:
    """Yield the rows of a register file after checking its column names."""
    required, optional = REGISTER_FILES[path.name]
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        columns = [column.strip() for column in reader.fieldnames or []]
        reader.fieldnames = columns
        for column in required:
            if column not in columns:
                raise RegisterLoadError(
                    f"{path.name}, line 1, column {column}: the column is missing"
                )
        for column in columns:
            if column not in required and column not in optional:
                raise RegisterLoadError(
                    f"{path.name}, line 1, column {column}: not a column of this file; "
                    "check its spelling"
                )
        for values in reader:
            if None in values:
                raise RegisterLoadError(
                    f"{path.name}, line {reader.line_num}: more fields than column names"
                )
            yield Row(path.name, reader.line_num, values)
