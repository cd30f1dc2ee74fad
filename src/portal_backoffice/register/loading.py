"""Load an LA register from the register CSV files into the database.

The format is described in docs/formats/register-csv.md. The whole load is
one transaction: a bad value stops it with a RegisterLoadError naming the
file, line and column, and nothing is kept. The ids in the files become the
students' and people's primary keys, so they must not be in use already.
"""

import csv
import logging
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

from django.core.management.color import no_style
from django.db import connection, transaction

from portal_backoffice.matching.identifiers import (
    is_temporary_upn,
    normalise_ni_number,
    normalise_postcode,
    normalise_upn,
    validate_nass_number,
    validate_ni_number,
    validate_upn,
)

from .models import (
    Base,
    BaseType,
    Exclusion,
    FormerSurname,
    FormerUpn,
    LookedAfterPeriod,
    Person,
    SenEntry,
    Student,
    StudentAddress,
    StudentCarer,
)
from .models.choices import ExclusionCategory, Gender, Ncy, SenProvision

logger = logging.getLogger(__name__)

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
# Rows between two progress reports.
_PROGRESS_EVERY = 100_000
_NCY_VALUES = {choice.value for choice in Ncy}
_GENDERS = {"M", "F", "U"}
_YES = {"yes", "y", "true", "1"}
_NO = {"no", "n", "false", "0", ""}


class RegisterLoadError(Exception):
    """A register file that cannot be loaded; the message names the file, line and column."""


class _Row:
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

    def boolean(self, column: str) -> bool:
        value = self.text(column).lower()
        if value not in _YES | _NO:
            raise self.error(column, f"{value!r} is not valid; enter yes or no")
        return value in _YES

    def code(self, column: str, allowed: set[str]) -> str:
        value = self.text(column).upper()
        if value and value not in allowed:
            raise self.error(
                column, f"{value!r} is not valid; use one of {', '.join(sorted(allowed))}"
            )
        return value


def register_load(
    *, directory: Path, batch_size: int = 5_000, progress: Callable[[str, int], None] | None = None
) -> dict[str, int]:
    """Load every register file found in the directory; return the rows created per file."""
    if not (directory / "students.csv").is_file():
        raise RegisterLoadError(f"{directory}: students.csv is missing; it is the one file needed")

    loader = _Loader(batch_size=batch_size, progress=progress)
    with transaction.atomic():
        for file_name in REGISTER_FILES:
            path = directory / file_name
            if path.is_file():
                loader.load(path)
        _sequences_reset()

    logger.info("Register loaded: directory=%s counts=%s", directory.name, loader.counts)
    return loader.counts


def _rows(path: Path) -> Iterator[_Row]:
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
            yield _Row(path.name, reader.line_num, values)


class _Loader:
    """Reads each file into model instances and inserts them in batches."""

    def __init__(self, *, batch_size: int, progress) -> None:
        self.batch_size = batch_size
        self.progress = progress
        self.counts: dict[str, int] = {}
        self.base_ids = {
            base.laestab: base.pk for base in Base.objects.exclude(establishment_number="")
        }
        # Ids already in the database or loaded earlier in this run.
        self.student_ids: set[int] = set(Student.objects.values_list("pk", flat=True))
        self.person_ids: set[int] = set(Person.objects.values_list("pk", flat=True))

    def load(self, path: Path) -> None:
        build = getattr(self, "_" + path.stem)
        pending: list = []
        count = 0
        for row in _rows(path):
            pending.extend(build(row))
            count += 1
            if len(pending) >= self.batch_size:
                self._insert(pending)
                pending = []
            if self.progress and count % _PROGRESS_EVERY == 0:
                self.progress(path.name, count)
        self._insert(pending)
        self.counts[path.name] = count

    def _insert(self, instances: list) -> None:
        # Grouped by model in first-seen order, so students go in before their former UPNs.
        by_model: dict[type, list] = {}
        for instance in instances:
            by_model.setdefault(type(instance), []).append(instance)
        for model, objects in by_model.items():
            model.objects.bulk_create(objects, batch_size=self.batch_size)

    def _bases(self, row: _Row):
        laestab = row.required("laestab")
        if len(laestab) != 7 or not laestab.isdigit():
            raise row.error("laestab", f"{laestab!r} is not a DfE number of 7 digits")
        if laestab in self.base_ids:
            return []
        base_type = BaseType.objects.filter(name=row.required("base_type")).first()
        if base_type is None:
            names = ", ".join(BaseType.objects.values_list("name", flat=True))
            raise row.error(
                "base_type", f"{row.text('base_type')!r} is not a base type; use one of {names}"
            )
        base = Base.objects.create(
            name=row.required("name"),
            base_type=base_type,
            la_code=laestab[:3],
            establishment_number=laestab[3:],
        )
        self.base_ids[laestab] = base.pk
        return []

    def _students(self, row: _Row):
        student_id = self._new_id(row, "student_id", Student, self.student_ids)
        upn, former_upns = self._upns(row)
        student = Student(
            pk=student_id,
            legal_forename=row.required("legal_forename"),
            legal_surname=row.required("legal_surname"),
            middle_names=row.text("middle_names"),
            preferred_forename=row.text("preferred_forename"),
            preferred_surname=row.text("preferred_surname"),
            date_of_birth=row.date("date_of_birth"),
            gender=row.code("gender", _GENDERS) or Gender.UNKNOWN,
            upn=upn,
            base_id=self._base_id(row),
            ncy=row.code("ncy", _NCY_VALUES),
            registration_group=row.text("registration_group"),
            address_line_1=row.text("address_line_1"),
            address_line_2=row.text("address_line_2"),
            town=row.text("town"),
            postcode=normalise_postcode(row.text("postcode")),
            leaving_date=row.date("leaving_date"),
            leaving_reason=row.text("leaving_reason"),
            leaving_destination=row.text("leaving_destination"),
        )
        surnames = {name.strip() for name in row.text("former_surnames").split(LIST_SEPARATOR)}
        return [
            student,
            *(FormerUpn(student_id=student_id, upn=value) for value in former_upns),
            *(
                FormerSurname(student_id=student_id, surname=name)
                for name in sorted(surnames)
                if name
            ),
        ]

    def _people(self, row: _Row):
        person_id = self._new_id(row, "person_id", Person, self.person_ids)
        ni_number = row.text("ni_number")
        if ni_number and validate_ni_number(ni_number):
            raise row.error("ni_number", "is not a valid National Insurance number")
        nass_number = row.text("nass_number")
        if nass_number and validate_nass_number(nass_number):
            raise row.error("nass_number", "is not a valid asylum support reference number")
        return [
            Person(
                pk=person_id,
                title=row.text("title"),
                forename=row.required("forename"),
                middle_names=row.text("middle_names"),
                surname=row.required("surname"),
                date_of_birth=row.date("date_of_birth"),
                gender=row.code("gender", _GENDERS) or Gender.UNKNOWN,
                ni_number=normalise_ni_number(ni_number) if ni_number else None,
                nass_number=nass_number,
                address_line_1=row.text("address_line_1"),
                address_line_2=row.text("address_line_2"),
                town=row.text("town"),
                postcode=normalise_postcode(row.text("postcode")),
                phone=row.text("phone"),
                email=row.text("email"),
            )
        ]

    def _student_carers(self, row: _Row):
        return [
            StudentCarer(
                student_id=self._known_id(row, "student_id", Student, self.student_ids),
                person_id=self._known_id(row, "person_id", Person, self.person_ids),
                relationship=row.text("relationship"),
                parental_responsibility=row.boolean("parental_responsibility"),
                priority=row.integer("priority") or 1,
            )
        ]

    def _student_addresses(self, row: _Row):
        return [
            StudentAddress(
                student_id=self._known_id(row, "student_id", Student, self.student_ids),
                address_line_1=row.required("address_line_1"),
                address_line_2=row.text("address_line_2"),
                town=row.text("town"),
                postcode=normalise_postcode(row.text("postcode")),
                valid_from=row.date("valid_from"),
                valid_to=row.date("valid_to"),
            )
        ]

    def _sen(self, row: _Row):
        return [
            SenEntry(
                student_id=self._known_id(row, "student_id", Student, self.student_ids),
                provision=row.code("provision", {choice.value for choice in SenProvision}),
                need_type=row.text("need_type").upper(),
                start_date=row.date("start_date"),
                end_date=row.date("end_date"),
            )
        ]

    def _exclusions(self, row: _Row):
        return [
            Exclusion(
                student_id=self._known_id(row, "student_id", Student, self.student_ids),
                category=row.code("category", {choice.value for choice in ExclusionCategory}),
                start_date=row.date("start_date") or _missing(row, "start_date"),
                end_date=row.date("end_date"),
                reason=row.text("reason").upper(),
                sessions=row.integer("sessions"),
            )
        ]

    def _looked_after(self, row: _Row):
        return [
            LookedAfterPeriod(
                student_id=self._known_id(row, "student_id", Student, self.student_ids),
                start_date=row.date("start_date") or _missing(row, "start_date"),
                end_date=row.date("end_date"),
                care_authority=row.text("care_authority"),
            )
        ]

    def _upns(self, row: _Row) -> tuple[str | None, list[str]]:
        """Return the permanent UPN and the former ones; a temporary UPN is kept as former."""
        upn = normalise_upn(row.text("upn")) or None
        former = [normalise_upn(value) for value in row.text("former_upns").split(LIST_SEPARATOR)]
        former = [value for value in former if value]
        for column, values in (("upn", [upn] if upn else []), ("former_upns", former)):
            for value in values:
                if validate_upn(value):
                    raise row.error(column, f"{value} is not a valid UPN: {validate_upn(value)}")
        if upn and is_temporary_upn(upn):
            return None, [upn, *former]
        return upn, sorted(set(former))

    def _base_id(self, row: _Row) -> int | None:
        laestab = row.text("base_laestab")
        if not laestab:
            return None
        if laestab not in self.base_ids:
            raise row.error("base_laestab", f"base {laestab} is not in bases.csv or the register")
        return self.base_ids[laestab]

    def _new_id(self, row: _Row, column: str, model, seen: set[int]) -> int:
        record_id = row.integer(column)
        if record_id is None or record_id < 1:
            raise row.error(column, "is empty or 0; every row needs an id of 1 or more")
        if record_id in seen:
            raise row.error(
                column, f"{model._meta.verbose_name} {record_id} is already in the register"
            )
        seen.add(record_id)
        return record_id

    def _known_id(self, row: _Row, column: str, model, loaded: set[int]) -> int:
        record_id = row.integer(column)
        if record_id is None:
            raise row.error(column, "is empty; every row needs an id")
        if record_id not in loaded:
            raise row.error(
                column, f"{model._meta.verbose_name} {record_id} is not in the register"
            )
        return record_id


def _missing(row: _Row, column: str):
    raise row.error(column, "is empty; every row needs a value here")


def _sequences_reset() -> None:
    """Move the id sequences past the loaded ids (PostgreSQL; SQLite needs nothing)."""
    models = [
        Base,
        Student,
        Person,
        StudentCarer,
        StudentAddress,
        SenEntry,
        Exclusion,
        LookedAfterPeriod,
        FormerUpn,
        FormerSurname,
    ]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
