"""Write portal files as JSON or flat CSV, and the ground truth as truth.json."""

import csv
import io
import json
import re
from pathlib import Path

from portal_backoffice.intake.formats.csv_columns import (
    CARER_COUNT,
    CARER_FIELDS,
    CHILD_COLUMNS,
    GROUP_COLUMNS,
    LEAVER_COLUMNS,
    LIST_SEPARATOR,
    MODULE_PREFIX,
)

from .portal_types import PortalBatch, PortalFile

_ISO_DATE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
_ISO_DATE_TIME = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2})")


def portal_file_bytes(portal_file: PortalFile) -> bytes:
    """Return the file's content in its own format."""
    if portal_file.file_format == "csv":
        return portal_csv_text(portal_file).encode("utf-8")
    document = {"header": portal_file.header, "children": portal_file.children}
    return json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")


def portal_batch_write(
    batch: PortalBatch, directory: Path, *, truth_path: Path | None = None
) -> list[Path]:
    """Write every file of the batch, and the ground truth; return the portal files' paths.

    The truth goes to truth_path, by default truth.json beside the files.
    """
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for portal_file in batch.files:
        path = directory / portal_file.name
        path.write_bytes(portal_file_bytes(portal_file))
        paths.append(path)

    truth_path = truth_path or directory / "truth.json"
    truth_path.parent.mkdir(parents=True, exist_ok=True)
    truth_path.write_text(json.dumps(batch.truth_document(), indent=1), encoding="utf-8")
    return paths


def portal_csv_text(portal_file: PortalFile) -> str:
    """Flatten a file into the CSV variant: one row per child, header fields on every row."""
    rows = [_csv_row(portal_file.header, child) for child in portal_file.children]
    columns = _columns(rows)
    output = io.StringIO()
    writer = csv.DictWriter(output, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return output.getvalue()


def _columns(rows: list[dict]) -> list[str]:
    columns: list[str] = []
    for row in rows:
        columns.extend(column for column in row if column not in columns)
    return columns


def _csv_row(header: dict, child: dict) -> dict[str, str]:
    base = header["base"]
    row = {
        "schema_version": header["schema_version"],
        "file_id": header["file_id"],
        "source": header["source"],
        "module": header["module"],
        "base_laestab": base.get("laestab", ""),
        "portal_application_type": base.get("portal_application_type", ""),
        "created_at": _uk_date_time(header["created_at"]),
    }
    for column in CHILD_COLUMNS:
        row[column] = _uk_date(child.get(column, ""))

    carers = child.get("carers", [])
    for number in range(1, CARER_COUNT + 1):
        carer = carers[number - 1] if number <= len(carers) else {}
        for field in CARER_FIELDS:
            row[f"carer_{number}_{field}"] = _uk_date(carer.get(field, ""))

    for prefix, (key, fields) in GROUP_COLUMNS.items():
        entries = child.get(key) or [{}]
        for field in fields:
            row[prefix + field] = _uk_date(entries[0].get(field, ""))
    leaver = child.get("leaver") or {}
    for column, field in LEAVER_COLUMNS.items():
        row[column] = _uk_date(leaver.get(field, ""))

    for key, value in child.get("module_data", {}).items():
        row[MODULE_PREFIX + key] = _module_value(key, value)
    return row


def _module_value(key: str, value) -> str:
    if key == "items":
        return LIST_SEPARATOR.join(f"{item['area']}={item['outcome']}" for item in value)
    if isinstance(value, list):
        return LIST_SEPARATOR.join(value)
    return _uk_date(str(value))


def _uk_date(value) -> str:
    """Write an ISO date as dd/mm/yyyy; other text, even an impossible date, keeps its digits."""
    text = "" if value is None else str(value)
    found = _ISO_DATE.match(text)
    if not found:
        return text
    year, month, day = found.groups()
    return f"{day}/{month}/{year}"


def _uk_date_time(value: str) -> str:
    year, month, day, hour, minute = _ISO_DATE_TIME.match(value).groups()
    return f"{day}/{month}/{year} {hour}:{minute}"
