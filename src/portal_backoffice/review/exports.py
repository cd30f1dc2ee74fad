"""Build the files tab's exports with tablib, safe to open in a spreadsheet."""

from collections.abc import Iterable

import tablib
from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import content_disposition_header

from portal_backoffice.intake.models import IncomingFile, IncomingStudent
from portal_backoffice.intake.models.choices import Module, Source, State

from .presenters import NOT_GIVEN, gender_word

# A spreadsheet reads a cell that starts with =, +, - or @ as a formula. A
# leading tab or carriage return may be dropped on import, leaving a formula
# behind, so those cells get the quote too.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# The tablib format name and the Content-Type of each extension offered.
FORMATS = {
    "csv": ("csv", "text/csv; charset=utf-8"),
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "xls": ("xls", "application/vnd.ms-excel"),
    "htm": ("html", "text/html; charset=utf-8"),
}

FILE_HEADERS = (
    "File ID",
    "Source",
    "Module",
    "Base",
    "Created",
    "Imported",
    "Unmatched",
    "Pending",
    "Matched with conflicts",
)
STUDENT_HEADERS = (
    "Incoming student ID",
    "File ID",
    "Base",
    "State",
    "Forename",
    "Surname",
    "Date of birth",
    "Gender",
    "UPN",
    "Postcode",
)


def spreadsheet_safe(value) -> str:
    """Return the value as text, with a single quote in front when a spreadsheet would run it."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return f"'{text}"
    return text


def _local_text(moment) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M")


def files_dataset(incoming_files: Iterable[IncomingFile]) -> tablib.Dataset:
    """Return one row per file, from files annotated by incoming_files_outstanding."""
    dataset = tablib.Dataset(headers=list(FILE_HEADERS), title="Incoming files")
    for incoming_file in incoming_files:
        dataset.append(
            [
                spreadsheet_safe(value)
                for value in (
                    incoming_file.file_id,
                    Source(incoming_file.source).label,
                    Module(incoming_file.module).label,
                    incoming_file.base.name,
                    _local_text(incoming_file.created_at),
                    _local_text(incoming_file.imported_at),
                    incoming_file.unmatched,
                    incoming_file.pending,
                    incoming_file.matched_with_conflicts,
                )
            ]
        )
    return dataset


def students_dataset(incoming_students: Iterable[IncomingStudent]) -> tablib.Dataset:
    dataset = tablib.Dataset(headers=list(STUDENT_HEADERS), title="Incoming students")
    for incoming_student in incoming_students:
        date_of_birth = incoming_student.date_of_birth
        dataset.append(
            [
                spreadsheet_safe(value)
                for value in (
                    incoming_student.pk,
                    incoming_student.incoming_file.file_id,
                    incoming_student.incoming_file.base.name,
                    State(incoming_student.state).label,
                    incoming_student.forename,
                    incoming_student.surname,
                    date_of_birth.strftime("%d/%m/%Y") if date_of_birth else NOT_GIVEN,
                    gender_word(incoming_student.gender),
                    incoming_student.upn,
                    incoming_student.postcode,
                )
            ]
        )
    return dataset


def _html_document(table: str, *, title: str) -> str:
    # tablib writes a bare table; the declared charset keeps accented names intact.
    return (
        '<!DOCTYPE html>\n<html lang="en-GB">\n<head><meta charset="utf-8">'
        f"<title>{escape(title)}</title></head>\n<body>\n{table}\n</body>\n</html>\n"
    )


def export_response(dataset: tablib.Dataset, *, file_format: str, file_name: str) -> HttpResponse:
    """Return the dataset as a download in the format, named file_name (with its extension).

    tablib's HTML format escapes every cell, so a name cannot add markup to
    the .htm file.
    """
    tablib_format, content_type = FORMATS[file_format]
    content = dataset.export(tablib_format)
    if file_format == "htm":
        content = _html_document(content, title=dataset.title)
    if isinstance(content, str):
        content = content.encode("utf-8")
    return HttpResponse(
        content,
        content_type=content_type,
        headers={"Content-Disposition": content_disposition_header(True, file_name)},
    )
