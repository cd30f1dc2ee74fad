"""Loading a register from CSV: what is created, and each way a load is refused."""

import csv
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from portal_backoffice.register.loading import RegisterLoadError, register_load
from portal_backoffice.register.models import (
    Base,
    FormerUpn,
    Person,
    SenEntry,
    Student,
    StudentAddress,
    StudentCarer,
)
from portal_backoffice.synthetic.la import SyntheticLA
from portal_backoffice.synthetic.register_output import register_csv_write

pytestmark = pytest.mark.django_db

SEED = 41


@pytest.fixture
def register_dir(tmp_path) -> Path:
    la = SyntheticLA(seed=SEED, students=300)
    register_csv_write(la, tmp_path)
    return tmp_path


def _rewrite(path: Path, change) -> None:
    """Apply change(rows) to a CSV file's rows, header row first."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    change(rows)
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


def _set_cell(path: Path, line: int, column: str, value: str) -> None:
    def change(rows):
        rows[line - 1][rows[0].index(column)] = value

    _rewrite(path, change)


def _rejection(directory: Path) -> str:
    with pytest.raises(RegisterLoadError) as raised:
        register_load(directory=directory)
    return str(raised.value)


def test_load_creates_every_row(register_dir):
    counts = register_load(directory=register_dir)

    assert counts["students.csv"] == 300
    assert Student.objects.count() == 300
    assert Person.objects.count() == counts["people.csv"]
    assert StudentCarer.objects.count() == counts["student_carers.csv"]
    assert StudentAddress.objects.count() == counts["student_addresses.csv"]
    assert SenEntry.objects.count() == counts["sen.csv"]
    assert Base.objects.exclude(establishment_number="").count() == counts["bases.csv"]


def test_load_keeps_ids_and_values(register_dir):
    la = SyntheticLA(seed=SEED, students=300)
    expected = la.student(123)

    register_load(directory=register_dir)

    student = Student.objects.get(pk=123)
    assert student.legal_forename == expected.legal_forename
    assert student.legal_surname == expected.legal_surname
    assert student.date_of_birth == expected.date_of_birth
    assert (student.upn or "") == expected.upn
    assert (student.base.laestab if student.base else "") == expected.base_laestab


def test_load_links_carers_of_a_household(register_dir):
    la = SyntheticLA(seed=SEED, students=300)
    household = la.household(0)

    register_load(directory=register_dir)

    student = Student.objects.get(pk=household.students[0].student_id)
    assert sorted(student.carer_links.values_list("person_id", flat=True)) == [
        carer.person_id for carer in household.carers
    ]


def test_load_reuses_portal_bases(register_dir):
    register_load(directory=register_dir)

    assert Base.objects.filter(portal_application_type__isnull=False).count() == 3


def test_temporary_upn_becomes_former(register_dir):
    _set_cell(register_dir / "students.csv", 2, "upn", "Z82320102415C")
    _set_cell(register_dir / "students.csv", 2, "former_upns", "")

    register_load(directory=register_dir)

    assert Student.objects.get(pk=1).upn is None
    assert list(FormerUpn.objects.filter(student_id=1).values_list("upn", flat=True)) == [
        "Z82320102415C"
    ]


def test_load_twice_refused(register_dir):
    register_load(directory=register_dir)

    assert _rejection(register_dir) == (
        "students.csv, line 2, column student_id: student 1 is already in the register"
    )


def test_students_file_needed(tmp_path):
    assert _rejection(tmp_path) == f"{tmp_path}: students.csv is missing; it is the one file needed"


@pytest.mark.parametrize(
    ("file_name", "line", "column", "value", "message"),
    [
        (
            "students.csv",
            3,
            "date_of_birth",
            "2019-02-31",
            "students.csv, line 3, column date_of_birth: is not a real date in the form yyyy-mm-dd",
        ),
        (
            "students.csv",
            3,
            "legal_surname",
            "",
            "students.csv, line 3, column legal_surname: is empty; every row needs a value here",
        ),
        (
            "students.csv",
            4,
            "gender",
            "X",
            "students.csv, line 4, column gender: 'X' is not valid; use one of F, M, U",
        ),
        (
            "students.csv",
            4,
            "upn",
            "F373200124124",
            "students.csv, line 4, column upn: is not a valid UPN. Enter a UPN "
            "with the right check letter: the first letter does not fit the rest",
        ),
        (
            "students.csv",
            5,
            "base_laestab",
            "9990000",
            "students.csv, line 5, column base_laestab: "
            "base 9990000 is not in bases.csv or the register",
        ),
        (
            "students.csv",
            5,
            "student_id",
            "1",
            "students.csv, line 5, column student_id: student 1 is already in the register",
        ),
        (
            "students.csv",
            6,
            "student_id",
            "six",
            "students.csv, line 6, column student_id: 'six' is not a whole number",
        ),
        (
            "bases.csv",
            2,
            "base_type",
            "Academy",
            "bases.csv, line 2, column base_type: 'Academy' is not a base type; use one of "
            "Childminder, Citizen portal, Nursery, PVI, Primary, Secondary, Special",
        ),
        (
            "people.csv",
            2,
            "ni_number",
            "DT520817A",
            "people.csv, line 2, column ni_number: is not a valid National Insurance number",
        ),
        (
            "student_carers.csv",
            2,
            "person_id",
            "999999",
            "student_carers.csv, line 2, column person_id: person 999999 is not in the register",
        ),
        (
            "student_carers.csv",
            2,
            "parental_responsibility",
            "perhaps",
            "student_carers.csv, line 2, column parental_responsibility: "
            "'perhaps' is not valid; enter yes or no",
        ),
    ],
)
def test_bad_value_refused(register_dir, file_name, line, column, value, message):
    _set_cell(register_dir / file_name, line, column, value)

    assert _rejection(register_dir) == message


def test_bad_value_keeps_nothing(register_dir):
    _set_cell(register_dir / "sen.csv", 2, "provision", "Z")

    with pytest.raises(RegisterLoadError):
        register_load(directory=register_dir)

    assert Student.objects.count() == 0
    assert Person.objects.count() == 0
    assert Base.objects.exclude(establishment_number="").count() == 0


def test_missing_column_refused(register_dir):
    _rewrite(register_dir / "people.csv", lambda rows: [row.pop(2) for row in rows])

    assert _rejection(register_dir) == "people.csv, line 1, column forename: the column is missing"


def test_unknown_column_refused(register_dir):
    def rename(rows):
        rows[0][rows[0].index("middle_names")] = "middle_name"

    _rewrite(register_dir / "students.csv", rename)

    assert _rejection(register_dir) == (
        "students.csv, line 1, column middle_name: not a column of this file; check its spelling"
    )


def test_optional_files_and_columns_may_be_left_out(tmp_path):
    (tmp_path / "students.csv").write_text(
        "student_id,legal_forename,legal_surname,date_of_birth\n"
        "5,Quillan,Brackenbury,2018-03-14\n"
        "6,Wren,Brackenbury,\n",
        encoding="utf-8",
    )

    counts = register_load(directory=tmp_path)

    assert counts == {"students.csv": 2}
    assert Student.objects.get(pk=6).date_of_birth is None
    assert Student.objects.get(pk=5).gender == "U"


def test_command_prints_counts(register_dir):
    output = StringIO()

    call_command("load_register", str(register_dir), stdout=output, stderr=StringIO())

    assert "students.csv: 300 rows loaded" in output.getvalue()
    assert "Register loaded in" in output.getvalue()


def test_command_reports_error(register_dir):
    _set_cell(register_dir / "students.csv", 3, "ncy", "15")

    with pytest.raises(CommandError) as raised:
        call_command("load_register", str(register_dir), stdout=StringIO(), stderr=StringIO())

    assert str(raised.value) == (
        "Register not loaded. students.csv, line 3, column ncy: '15' is not valid; use one of "
        "1, 10, 11, 12, 13, 14, 2, 3, 4, 5, 6, 7, 8, 9, E1, E2, N1, N2, R, X"
    )


def test_generate_la_writes_register_portal_and_truth(tmp_path):
    output = StringIO()

    call_command(
        "generate_la", "--seed", "3", "--students", "2000", "--out", str(tmp_path), stdout=output
    )

    assert "register/students.csv: 2,000 rows" in output.getvalue()
    assert "portal: " in output.getvalue()
    assert (tmp_path / "truth.json").is_file()
    assert not (tmp_path / "portal" / "truth.json").exists()
    assert list((tmp_path / "portal").glob("*.json"))
    register_load(directory=tmp_path / "register")
    assert Student.objects.count() == 2000


def test_new_rows_get_ids_after_loaded_ones(register_dir):
    register_load(directory=register_dir)

    student = Student.objects.create(legal_forename="Wren", legal_surname="Brackenbury")
    person = Person.objects.create(forename="Rowena", surname="Brackenbury")

    assert student.pk > 300
    assert person.pk > Person.objects.exclude(pk=person.pk).order_by("-pk").first().pk
