"""Load the synthetic register straight into Django's database, for the import phases.

The product loads a register from CSV with a check on every value
(register.loading). The generator's rows are valid by construction, so the
benchmark inserts them directly with bulk_create, which is several times
faster at a million students. Only the set-up uses this; nothing here is
timed as a product phase.
"""

from django.db import transaction

from portal_backoffice.register.models import (
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
from portal_backoffice.synthetic.la import SyntheticLA
from portal_backoffice.synthetic.register_rows import (
    LIST_SEPARATOR,
    REGISTER_COLUMNS,
    base_rows,
    register_row_batches,
)

_BATCH_SIZE = 2_000


def _named(table: str, row: tuple) -> dict:
    return dict(zip(REGISTER_COLUMNS[table], row, strict=True))


def _bases(la: SyntheticLA) -> dict[str, int]:
    ids = {}
    for laestab, name, type_name in base_rows(la):
        base_type, _ = BaseType.objects.get_or_create(name=type_name)
        base, _ = Base.objects.get_or_create(
            la_code=laestab[:3],
            establishment_number=laestab[3:],
            defaults={"name": name, "base_type": base_type},
        )
        ids[laestab] = base.pk
    return ids


def _listed(value: str) -> list[str]:
    return [part for part in value.split(LIST_SEPARATOR) if part]


def _students(rows: list[tuple], base_ids: dict[str, int]) -> tuple[list, list, list]:
    students, former_upns_rows, former_surnames_rows = [], [], []
    for row in rows:
        values = _named("students", row)
        student_id = values.pop("student_id")
        former_upns = _listed(values.pop("former_upns"))
        former_surnames = _listed(values.pop("former_surnames"))
        base_laestab = values.pop("base_laestab")
        values["upn"] = values["upn"] or None
        students.append(Student(id=student_id, base_id=base_ids.get(base_laestab), **values))
        former_upns_rows += [FormerUpn(student_id=student_id, upn=upn) for upn in former_upns]
        former_surnames_rows += [
            FormerSurname(student_id=student_id, surname=surname) for surname in former_surnames
        ]
    return students, former_upns_rows, former_surnames_rows


def _people(rows: list[tuple]) -> list[Person]:
    people = []
    for row in rows:
        values = _named("people", row)
        values["ni_number"] = values["ni_number"] or None
        people.append(Person(id=values.pop("person_id"), **values))
    return people


_HISTORY_MODELS = {
    "student_carers": StudentCarer,
    "student_addresses": StudentAddress,
    "sen": SenEntry,
    "exclusions": Exclusion,
    "looked_after": LookedAfterPeriod,
}


def _history(table: str, rows: list[tuple]) -> list:
    model = _HISTORY_MODELS[table]
    return [model(**_named(table, row)) for row in rows]


def register_bulk_load(la: SyntheticLA) -> dict[str, int]:
    """Insert every register table of the LA; return the rows inserted per table."""
    counts: dict[str, int] = {}
    with transaction.atomic():
        base_ids = _bases(la)
        for batch in register_row_batches(la):
            students, former_upns, former_surnames = _students(batch.pop("students"), base_ids)
            inserts = [students, _people(batch.pop("people")), former_upns, former_surnames]
            inserts += [_history(table, rows) for table, rows in batch.items()]
            for instances in inserts:
                if instances:
                    type(instances[0]).objects.bulk_create(instances, batch_size=_BATCH_SIZE)
                    name = type(instances[0]).__name__
                    counts[name] = counts.get(name, 0) + len(instances)
    return counts
