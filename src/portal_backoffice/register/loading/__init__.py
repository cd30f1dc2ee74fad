"""Load an LA register from the register CSV files into the database.

The format is described in docs/formats/register-csv.md. The whole load is
one transaction: a bad value stops it with a RegisterLoadError naming the
file, line and column, and nothing is kept. The ids in the files become the
students' and people's primary keys, so they must not be in use already.
"""

import logging
from collections.abc import Callable
from pathlib import Path

from django.core.management.color import no_style
from django.db import connection, transaction

from ..models import (
    Base,
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
from .builders import RowBuilder
from .files import LIST_SEPARATOR, REGISTER_FILES, RegisterLoadError, read_rows
from .inserts import rows_insert

__all__ = ["LIST_SEPARATOR", "REGISTER_FILES", "RegisterLoadError", "register_load"]

logger = logging.getLogger(__name__)

# Rows between two progress reports.
_PROGRESS_EVERY = 100_000


def register_load(
    *,
    directory: Path,
    batch_size: int = 5_000,
    progress: Callable[[str, int], None] | None = None,
) -> dict[str, int]:
    """Load every register file found in the directory; return the rows read from each."""
    if not (directory / "students.csv").is_file():
        raise RegisterLoadError(f"{directory}: students.csv is missing; it is the one file needed")

    counts: dict[str, int] = {}
    with transaction.atomic():
        builder = RowBuilder()
        for file_name in REGISTER_FILES:
            path = directory / file_name
            if path.is_file():
                counts[file_name] = _file_load(path, builder, batch_size, progress)
        _sequences_reset()

    logger.info("Register loaded: directory=%s counts=%s", directory.name, counts)
    return counts


def _file_load(path: Path, builder: RowBuilder, batch_size: int, progress) -> int:
    pending: list[tuple[type, dict]] = []
    count = 0
    for row in read_rows(path):
        pending.extend(builder.build(path.stem, row))
        count += 1
        if len(pending) >= batch_size:
            _insert(pending)
            pending = []
        if progress and count % _PROGRESS_EVERY == 0:
            progress(path.name, count)

    _insert(pending)
    return count


def _insert(pending: list[tuple[type, dict]]) -> None:
    # Grouped by model in first-seen order, so students go in before their former UPNs.
    by_model: dict[type, list[dict]] = {}
    for model, values in pending:
        by_model.setdefault(model, []).append(values)
    for model, rows in by_model.items():
        rows_insert(model, rows)


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
