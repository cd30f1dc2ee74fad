"""Exports from the files tab: each format, the file name, and cells a spreadsheet would run."""

import csv
import io

import openpyxl
import pytest
import xlrd
from tests.factories import BaseFactory, IncomingFileFactory, IncomingStudentFactory

from portal_backoffice.accounts.models import AuditEvent
from portal_backoffice.intake.models.choices import State
from portal_backoffice.review.exports import spreadsheet_safe

pytestmark = pytest.mark.django_db

EXPORT_URL = "/incoming-files/export/"

# Names a portal user could type that a spreadsheet would read as formulas.
DANGEROUS_FORENAMES = ["=HYPERLINK(1)", "+44 7700", "-2+3", "@SUM(A1)", "\tTabbed", "\rReturned"]


@pytest.fixture
def dangerous_file():
    incoming_file = IncomingFileFactory(
        file_id="=FILE-1", base=BaseFactory(name="<b>Fernhollow</b> & Co")
    )
    for number, forename in enumerate(DANGEROUS_FORENAMES, start=1):
        IncomingStudentFactory(
            incoming_file=incoming_file,
            record_number=number,
            forename=forename,
            surname="Wrenfield",
        )
    IncomingStudentFactory(
        incoming_file=incoming_file, record_number=99, forename="Hidden", state=State.PROCESSED
    )
    return incoming_file


def _export(client, **data):
    values = {"content": "students", "file_format": "csv", "file_name": "Outstanding March"}
    values.update(data)
    return client.post(EXPORT_URL, values)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+2", "'=1+2"),
        ("+44", "'+44"),
        ("-3", "'-3"),
        ("@cmd", "'@cmd"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Ottilie", "Ottilie"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
        (7, "7"),
    ],
)
def test_spreadsheet_safe(value, expected):
    assert spreadsheet_safe(value) == expected


def test_csv_export_of_students(officer_client, dangerous_file):
    response = _export(officer_client, incoming_file_ids=[dangerous_file.pk])

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="Outstanding March.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"), newline="")))
    assert rows[0][:6] == ["Incoming student ID", "File ID", "Base", "State", "Forename", "Surname"]
    assert [row[4] for row in rows[1:]] == [f"'{name}" for name in DANGEROUS_FORENAMES]
    assert {row[1] for row in rows[1:]} == {"'=FILE-1"}
    assert "Hidden" not in response.content.decode("utf-8")


def test_xlsx_export_of_students(officer_client, dangerous_file):
    response = _export(officer_client, file_format="xlsx", incoming_file_ids=[dangerous_file.pk])

    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == 'attachment; filename="Outstanding March.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    # XML reads a carriage return back as a line feed; the quote still leads.
    expected = [f"'{name}".replace("\r", "\n") for name in DANGEROUS_FORENAMES]
    assert [row[4] for row in rows[1:]] == expected
    assert all(cell.data_type == "s" for cell in sheet["E"][1:])


def test_xls_export_of_students(officer_client, dangerous_file):
    response = _export(officer_client, file_format="xls", incoming_file_ids=[dangerous_file.pk])

    assert response["Content-Type"] == "application/vnd.ms-excel"
    assert response["Content-Disposition"] == 'attachment; filename="Outstanding March.xls"'
    sheet = xlrd.open_workbook(file_contents=response.content).sheet_by_index(0)
    forenames = [sheet.cell_value(row, 4) for row in range(1, sheet.nrows)]
    assert forenames == [f"'{name}" for name in DANGEROUS_FORENAMES]


def test_htm_export_escapes_html(officer_client, dangerous_file):
    response = _export(officer_client, file_format="htm", incoming_file_ids=[dangerous_file.pk])

    text = response.content.decode("utf-8")
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="Outstanding March.htm"'
    assert text.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in text
    assert "&lt;b&gt;Fernhollow&lt;/b&gt; &amp; Co" in text
    assert "<b>Fernhollow</b>" not in text
    for name in DANGEROUS_FORENAMES:
        assert f"<td>'{name}</td>" in text


def test_export_of_file_list(officer_client, dangerous_file):
    settled = IncomingFileFactory(file_id="SETTLED-1")
    IncomingStudentFactory(incoming_file=settled, state=State.PROCESSED)

    response = _export(officer_client, content="files", file_name="files_list-1")

    assert response["Content-Disposition"] == 'attachment; filename="files_list-1.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"), newline="")))
    assert rows[0] == [
        "File ID",
        "Source",
        "Module",
        "Base",
        "Created",
        "Imported",
        "Unmatched",
        "Pending",
        "Matched with conflicts",
    ]
    assert len(rows) == 2
    assert rows[1][0] == "'=FILE-1"
    assert rows[1][6:] == ["6", "0", "0"]


def test_export_of_file_list_follows_filters(officer_client, dangerous_file):
    other = IncomingFileFactory(file_id="CTF-0001")
    IncomingStudentFactory(incoming_file=other)

    response = officer_client.post(
        f"{EXPORT_URL}?file_id=CTF",
        {"content": "files", "file_format": "csv", "file_name": "ctf"},
    )

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8"), newline="")))
    assert [row[0] for row in rows[1:]] == ["CTF-0001"]


@pytest.mark.parametrize(
    ("file_name", "message"),
    [
        ("", "Enter a file name"),
        (
            "../secrets",
            "File name must only include letters, numbers, spaces, hyphens and underscores",
        ),
        (
            "march.csv",
            "File name must only include letters, numbers, spaces, hyphens and underscores",
        ),
        ('a"b', "File name must only include letters, numbers, spaces, hyphens and underscores"),
        ("x" * 101, "File name must be 100 characters or fewer"),
    ],
)
def test_export_rejects_bad_file_name(officer_client, dangerous_file, file_name, message):
    response = _export(officer_client, file_name=file_name, incoming_file_ids=[dangerous_file.pk])

    assert response.status_code == 400
    assert "Content-Disposition" not in response
    assert f'<a href="#export-file-name">{message}</a>' in response.text


def test_export_rejects_unknown_format(officer_client, dangerous_file):
    response = _export(officer_client, file_format="exe", incoming_file_ids=[dangerous_file.pk])

    assert response.status_code == 400
    assert '<a href="#export-file-format">Select a format</a>' in response.text


def test_student_export_needs_selection(officer_client, dangerous_file):
    response = _export(officer_client)

    assert response.status_code == 400
    assert '<a href="#incoming-files">Select at least one file</a>' in response.text


@pytest.mark.parametrize("role", ["conflict_manager", "no_permission"])
def test_export_rejected_without_permission(client_as, dangerous_file, role):
    response = _export(client_as(role), incoming_file_ids=[dangerous_file.pk])

    assert response.status_code == 403
    assert "You do not have permission to export incoming files." in response.text
    assert AuditEvent.objects.count() == 0
