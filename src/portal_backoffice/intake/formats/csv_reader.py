"""Read the flat CSV variant of the portal file: one row per child."""

import csv
import io
import re
from datetime import date, datetime

from .csv_columns import (
    HEADER_COLUMNS,
    MODULE_PREFIX,
    REQUIRED_COLUMNS,
    child_from_row,
    known_columns,
)
from .header import file_header_read
from .records import child_submission_read
from .schema import schema_problem
from .types import FileRejected, ParsedFile
from .values import DATE_STYLE_UK

_UK_DATE_TIME = re.compile(r"^([0-9]{2})/([0-9]{2})/([0-9]{4}) ([0-9]{2}):([0-9]{2})$")
# Schema path of a header element -> the CSV column that carries it.
_HEADER_PATH_COLUMNS = {
    ("base", "laestab"): "base_laestab",
    ("base", "portal_application_type"): "portal_application_type",
    ("base",): "base_laestab",
}


def read_csv_file(text: str, name: str, *, today: date) -> ParsedFile:
    reader = csv.reader(io.StringIO(text, newline=""))
    columns = _read_columns(reader, name)

    rows: list[tuple[int, dict[str, str]]] = []
    for values in reader:
        if not any(value.strip() for value in values):
            continue
        if len(values) != len(columns):
            raise FileRejected(
                f"{name}, line {reader.line_num}: expected {len(columns)} fields, "
                f"found {len(values)}"
            )
        rows.append((reader.line_num, dict(zip(columns, values, strict=True))))
    if not rows:
        raise FileRejected(f"{name}: the file has column names but no children")

    header = _header_read(rows, name)
    children = [
        child_submission_read(
            record_number=number,
            raw=row,
            child=child_from_row(row),
            module=header.module,
            date_style=DATE_STYLE_UK,
            today=today,
        )
        for number, (_, row) in enumerate(rows, start=1)
    ]
    return ParsedFile(name=name, file_format="csv", header=header, children=children)


def _read_columns(reader, name: str) -> list[str]:
    try:
        columns = [column.strip() for column in next(reader)]
    except StopIteration:
        raise FileRejected(f"{name}: the file is empty") from None
    except csv.Error as error:
        raise FileRejected(f"{name}, line 1: the file is not valid CSV ({error})") from None

    known = known_columns()
    for column in columns:
        if column not in known and not column.startswith(MODULE_PREFIX):
            raise FileRejected(
                f"{name}, line 1: {column!r} is not a column of this format; check its spelling"
            )
    if len(set(columns)) != len(columns):
        repeated = sorted({column for column in columns if columns.count(column) > 1})
        raise FileRejected(f"{name}, line 1: the column {repeated[0]} appears more than once")
    for column in REQUIRED_COLUMNS:
        if column not in columns:
            raise FileRejected(f"{name}, line 1: the column {column} is missing")
    if "base_laestab" not in columns and "portal_application_type" not in columns:
        raise FileRejected(
            f"{name}, line 1: the file needs a base_laestab or a portal_application_type column"
        )
    return columns


def _header_read(rows: list[tuple[int, dict[str, str]]], name: str):
    first_line, first_row = rows[0]
    for line, row in rows[1:]:
        for column in HEADER_COLUMNS:
            if row.get(column, "").strip() != first_row.get(column, "").strip():
                raise FileRejected(
                    f"{name}, line {line}, column {column}: differs from line {first_line}; "
                    "every row must carry the same file details"
                )

    where = f"{name}, line {first_line}"
    header = _header_document(first_row, where)
    problem = schema_problem({"header": header, "children": []})
    if problem is not None:
        path, message = problem
        column = _HEADER_PATH_COLUMNS.get(tuple(path[1:]), str(path[-1]))
        raise FileRejected(f"{where}, column {column}: {message}")
    return file_header_read(
        header,
        created_at_where=f"{where}, column created_at",
        base_where=f"{where}, column portal_application_type",
    )


def _header_document(row: dict[str, str], where: str) -> dict:
    header = {
        column: row[column].strip() for column in ("schema_version", "file_id", "source", "module")
    }
    laestab = row.get("base_laestab", "").strip()
    application_type = row.get("portal_application_type", "").strip()
    header["base"] = {}
    if laestab:
        header["base"]["laestab"] = laestab
    if application_type:
        header["base"]["portal_application_type"] = application_type

    created_at = row["created_at"].strip()
    found = _UK_DATE_TIME.match(created_at)
    if not found:
        raise FileRejected(
            f"{where}, column created_at: expected a date and time like 04/11/2026 09:30"
        )
    day, month, year, hour, minute = found.groups()
    try:
        datetime(int(year), int(month), int(day), int(hour), int(minute))
    except ValueError:
        raise FileRejected(
            f"{where}, column created_at: {created_at} is not a real date and time"
        ) from None
    header["created_at"] = f"{year}-{month}-{day}T{hour}:{minute}"
    return header
