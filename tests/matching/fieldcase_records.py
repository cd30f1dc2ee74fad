"""Read the shared field cases into the engine's record types."""

import json
from datetime import date
from pathlib import Path
from typing import Any

from portal_backoffice.matching.records import CarerRecord, ChildRecord, Outcome

# CI lays the shared folder beside the clone.
CASES_PATH = Path(__file__).parents[2].parent / "shared" / "fieldcases" / "cases.json"

OUTCOMES = {
    "auto_match": Outcome.AUTOMATIC_MATCH,
    "review": Outcome.REVIEW,
    "no_match": Outcome.NO_MATCH,
}

INCOMING_ID = 1_000_000


def load_cases() -> list[dict[str, Any]]:
    if not CASES_PATH.exists():
        return []
    return json.loads(CASES_PATH.read_text(encoding="utf-8"))


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def child_record(
    data: dict[str, Any], record_id: int, carers: list[dict[str, Any]] | None = None
) -> ChildRecord:
    """Build a child; an incoming child's carers come with it, an existing child's are passed."""
    if carers is None:
        carers = data.get("carers") or []
    return ChildRecord(
        record_id=record_id,
        forename=data.get("forename") or "",
        middle_names=data.get("middle_names") or "",
        surname=data.get("surname") or "",
        date_of_birth=_date(data.get("date_of_birth")),
        gender=data.get("gender") or "",
        upn=data.get("upn") or "",
        former_upns=tuple(data.get("former_upns") or ()),
        address_line_1=data.get("address_line_1") or "",
        postcode=data.get("postcode") or "",
        carer_names=tuple(
            (carer.get("forename") or "", carer.get("surname") or "") for carer in carers
        ),
    )


def carer_record(data: dict[str, Any], record_id: int) -> CarerRecord:
    return CarerRecord(
        record_id=record_id,
        forename=data.get("forename") or "",
        surname=data.get("surname") or "",
        date_of_birth=_date(data.get("date_of_birth")),
        gender=data.get("gender") or "",
        ni_number=data.get("ni_number") or "",
        nass_number=data.get("nass_number") or "",
        address_line_1=data.get("address_line_1") or "",
        postcode=data.get("postcode") or "",
        relationship=data.get("relationship") or "",
    )


def existing_children(case: dict[str, Any]) -> list[ChildRecord]:
    carers = {record["id"]: record for record in case["existing"]}
    return [
        child_record(
            record, record["id"], [carers[carer_id] for carer_id in record.get("carer_ids", [])]
        )
        for record in case["existing"]
        if record["record_type"] == "child"
    ]


def existing_carers(case: dict[str, Any]) -> list[CarerRecord]:
    return [
        carer_record(record, record["id"])
        for record in case["existing"]
        if record["record_type"] == "carer"
    ]
