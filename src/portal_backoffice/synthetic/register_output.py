"""Write the synthetic register as CSV files, or build it as Arrow tables."""

import csv
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pyarrow as pa

from .la import SyntheticLA
from .register_rows import REGISTER_COLUMNS, base_rows, register_row_batches

_DATE_COLUMNS = {
    "date_of_birth",
    "leaving_date",
    "valid_from",
    "valid_to",
    "start_date",
    "end_date",
}
_INTEGER_COLUMNS = {"student_id", "person_id", "priority", "sessions"}
_BOOLEAN_COLUMNS = {"parental_responsibility"}


def register_csv_write(la: SyntheticLA, directory: Path) -> dict[str, int]:
    """Write one CSV file per register table; return the number of rows in each."""
    directory.mkdir(parents=True, exist_ok=True)
    handles = {
        table: (directory / f"{table}.csv").open("w", newline="", encoding="utf-8")
        for table in REGISTER_COLUMNS
    }
    counts = dict.fromkeys(REGISTER_COLUMNS, 0)
    try:
        writers = {table: csv.writer(handle) for table, handle in handles.items()}
        for table, writer in writers.items():
            writer.writerow(REGISTER_COLUMNS[table])

        writers["bases"].writerows(base_rows(la))
        counts["bases"] = len(la.bases.all())
        for batch in register_row_batches(la):
            for table, rows in batch.items():
                writers[table].writerows(_csv_row(row) for row in rows)
                counts[table] += len(rows)
    finally:
        for handle in handles.values():
            handle.close()
    return counts


def register_arrow_batches(la: SyntheticLA) -> Iterator[dict[str, pa.RecordBatch]]:
    """Yield {table: RecordBatch} for each run of households, bases first on their own."""
    yield {"bases": _record_batch("bases", base_rows(la))}
    for batch in register_row_batches(la):
        yield {table: _record_batch(table, rows) for table, rows in batch.items()}


def register_arrow_tables(la: SyntheticLA) -> dict[str, pa.Table]:
    """Build every register table in memory.

    The tables of 100,000 students took 44 MB (pyarrow 26), so a million take
    about 0.45 GB; register_arrow_batches streams them instead.
    """
    collected: dict[str, list[pa.RecordBatch]] = {table: [] for table in REGISTER_COLUMNS}
    for batch in register_arrow_batches(la):
        for table, record_batch in batch.items():
            collected[table].append(record_batch)
    return {
        table: pa.Table.from_batches(batches, schema=arrow_schema(table))
        for table, batches in collected.items()
    }


def arrow_schema(table: str) -> pa.Schema:
    fields = []
    for column in REGISTER_COLUMNS[table]:
        if column in _DATE_COLUMNS:
            kind = pa.date32()
        elif column in _INTEGER_COLUMNS:
            kind = pa.int64()
        elif column in _BOOLEAN_COLUMNS:
            kind = pa.bool_()
        else:
            kind = pa.string()
        fields.append(pa.field(column, kind))
    return pa.schema(fields)


def _record_batch(table: str, rows: list[tuple]) -> pa.RecordBatch:
    columns = REGISTER_COLUMNS[table]
    arrays = [list(values) for values in zip(*rows, strict=True)] if rows else [[]] * len(columns)
    return pa.RecordBatch.from_arrays(
        [
            pa.array(values, type=field.type)
            for values, field in zip(arrays, arrow_schema(table), strict=True)
        ],
        schema=arrow_schema(table),
    )


def _csv_row(row: tuple) -> list:
    return [_csv_value(value) for value in row]


def _csv_value(value: object) -> object:
    # The register CSV format uses ISO dates, yes/no for booleans and empty cells for missing.
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    return value
