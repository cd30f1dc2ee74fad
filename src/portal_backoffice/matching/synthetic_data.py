"""Matching data from the synthetic LA generator: register, incoming children, truth.

Training and evaluation need the register as ChildRecords, the incoming
children as the portal sent them, and which register student each one
really is. Invalid incoming records are left out, as the intake would.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from portal_backoffice.synthetic.la import SyntheticLA
from portal_backoffice.synthetic.portal import portal_batch_generate

from .records import ChildRecord, RecordId

# Incoming ids start above any register id, so the two never collide.
INCOMING_ID_OFFSET = 100_000_000


@dataclass(frozen=True, slots=True)
class LabelledBatch:
    register: list[ChildRecord]
    incoming: list[ChildRecord]
    # Incoming record_id -> the register student it is, or None for a new child.
    truth: dict[RecordId, RecordId | None]
    # Incoming record_id -> the error kinds the generator applied.
    errors: dict[RecordId, tuple[str, ...]]
    # Incoming record_id -> register students it must never be matched to automatically.
    relatives: dict[RecordId, frozenset[RecordId]]


def register_records(la: SyntheticLA) -> Iterator[ChildRecord]:
    """Stream the synthetic register's students as ChildRecords."""
    for household in la.households():
        address = household.address
        carer_names = tuple((carer.forename, carer.surname) for carer in household.carers)
        for student in household.students:
            yield ChildRecord(
                record_id=student.student_id,
                forename=student.legal_forename,
                middle_names=student.middle_names,
                surname=student.legal_surname,
                former_surnames=tuple(student.former_surnames),
                date_of_birth=student.date_of_birth,
                gender=student.gender,
                upn=student.upn,
                former_upns=tuple(student.former_upns),
                address_line_1=address.line_1,
                postcode=address.postcode,
                carer_names=carer_names,
                base=student.base_laestab or "",
            )


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def incoming_record(record_id: RecordId, child: dict, base: str = "") -> ChildRecord:
    """Build an incoming child from its portal record and the base of the file that sent it."""
    carers = child.get("carers") or []
    return ChildRecord(
        record_id=record_id,
        forename=child.get("forename") or "",
        middle_names=child.get("middle_names") or "",
        surname=child.get("surname") or "",
        date_of_birth=_date(child.get("date_of_birth") or ""),
        gender=child.get("gender") or "",
        upn=child.get("upn") or "",
        address_line_1=child.get("address_line_1") or "",
        postcode=child.get("postcode") or "",
        carer_names=tuple(
            (carer.get("forename") or "", carer.get("surname") or "") for carer in carers
        ),
        base=base,
    )


def labelled_batch(*, seed: int, students: int, incoming: int) -> LabelledBatch:
    """Generate a synthetic LA and a portal batch with its ground truth."""
    la = SyntheticLA(seed=seed, students=students)
    batch = portal_batch_generate(la, children=incoming, seed=seed)
    truths = {(t.file_id, t.record_number): t for t in batch.truth}
    relatives: dict[tuple[str, int], set[RecordId]] = {}
    for pair in batch.dangerous_pairs:
        if pair.student_id is not None:
            relatives.setdefault((pair.file_id, pair.record_number), set()).add(pair.student_id)

    records, truth, errors, relative_ids = [], {}, {}, {}
    for portal_file in batch.files:
        file_id = portal_file.header["file_id"]
        base = portal_file.header["base"].get("laestab", "")
        for number, child in enumerate(portal_file.children, start=1):
            item = truths[(file_id, number)]
            if item.invalid:
                continue
            record_id = INCOMING_ID_OFFSET + len(records)
            records.append(incoming_record(record_id, child, base))
            truth[record_id] = item.student_id
            errors[record_id] = tuple(item.errors)
            relative_ids[record_id] = frozenset(relatives.get((file_id, number), ()))
    return LabelledBatch(list(register_records(la)), records, truth, errors, relative_ids)
