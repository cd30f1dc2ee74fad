"""The synthetic LA in the matcher's terms: register records, portal files and truth.

The register goes straight from the generator's households to ChildRecords,
with the same fields the product's match index takes from a Student (legal
names, former surnames and UPNs, current address, carers' names, base). The incoming children go
through the real portal files and read_portal_file, so placeholders and
invalid values reach the matcher as they would in an import.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from portal_backoffice.intake.formats import ChildSubmission, ParsedFile, read_portal_file
from portal_backoffice.matching.records import ChildRecord, RecordId
from portal_backoffice.synthetic.la import SyntheticLA
from portal_backoffice.synthetic.portal import portal_batch_generate
from portal_backoffice.synthetic.portal_output import portal_file_bytes

from .accuracy import IncomingTruth

# A child's place in the batch: (file ID, 1-based record number in the file).
FilePlace = tuple[str, int]


@dataclass(slots=True)
class SyntheticBatch:
    la: SyntheticLA
    register: list[ChildRecord]
    # (file name, content) of each portal file, in the generator's order.
    files: list[tuple[str, bytes]]
    truths: dict[FilePlace, IncomingTruth]
    # (place, register student id) -> twin or sibling.
    relatives: dict[tuple[FilePlace, RecordId], str]
    # Same-named parents the generator recorded. They are register people,
    # not students, so the child matcher can never match one.
    parent_pairs: int


@dataclass(slots=True)
class IncomingBatch:
    """The valid children of the parsed files, numbered 1..n, with their truth."""

    children: list[ChildRecord]
    places: dict[RecordId, FilePlace]
    truths: dict[RecordId, IncomingTruth]
    relatives: dict[tuple[RecordId, RecordId], str]
    invalid: int
    # Children the parser and the generator disagree about (valid or invalid).
    validity_disagreements: int = 0
    # The file ID each child came in.
    files: dict[RecordId, str] = field(default_factory=dict)
    # The register the batch is matched against, where a caller keeps it here.
    register: list[ChildRecord] = field(default_factory=list)


def register_child_records(la: SyntheticLA) -> list[ChildRecord]:
    """Build every register student's match keys, as the product's match index would.

    The product keys a base by its database id; the benchmark keys it by
    its DfE number, on both sides, which compares the same way.
    """
    records = []
    for household in la.households():
        address = household.address
        carer_names = tuple((carer.forename, carer.surname) for carer in household.carers)
        for student in household.students:
            records.append(
                ChildRecord(
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
                    base=student.base_laestab,
                )
            )
    return records


def synthetic_batch(*, students: int, batch: int, seed: int) -> SyntheticBatch:
    """Generate an LA of students and a portal batch of batch children from one seed."""
    la = SyntheticLA(seed=seed, students=students)
    portal = portal_batch_generate(la, children=batch, seed=seed)

    truths = {
        (item.file_id, item.record_number): IncomingTruth(
            student_id=item.student_id,
            error_kinds=tuple(item.errors),
            kind=item.kind,
            invalid=bool(item.invalid),
        )
        for item in portal.truth
    }
    relatives = {
        ((pair.file_id, pair.record_number), pair.student_id): pair.relation
        for pair in portal.dangerous_pairs
        if pair.student_id is not None
    }
    return SyntheticBatch(
        la=la,
        register=register_child_records(la),
        files=[(item.name, portal_file_bytes(item)) for item in portal.files],
        truths=truths,
        relatives=relatives,
        parent_pairs=sum(1 for pair in portal.dangerous_pairs if pair.student_id is None),
    )


def portal_files_read(files: Iterable[tuple[str, bytes]]) -> list[ParsedFile]:
    return [read_portal_file(content, name) for name, content in files]


def incoming_child_record(record_id: RecordId, child: ChildSubmission, base: str) -> ChildRecord:
    """Build an incoming child's match keys from the same fields an import stores.

    base is the sending nursery or school's DfE number, or "" for a citizen
    portal file, whose base no student attends.
    """
    carers = sorted(child.carers, key=lambda carer: carer.priority)
    return ChildRecord(
        record_id=record_id,
        forename=child.forename,
        middle_names=child.middle_names,
        surname=child.surname,
        former_surnames=(child.former_surname,) if child.former_surname else (),
        date_of_birth=child.date_of_birth,
        gender=child.gender,
        upn=child.upn,
        address_line_1=child.address_line_1,
        postcode=child.postcode,
        carer_names=tuple((carer.forename, carer.surname) for carer in carers),
        base=base,
    )


def incoming_batch(parsed_files: list[ParsedFile], generated: SyntheticBatch) -> IncomingBatch:
    """Number the valid children of the parsed files and carry their truth over.

    Invalid children are left out, as an import keeps them as invalid and
    never matches them.
    """
    result = IncomingBatch(children=[], places={}, truths={}, relatives={}, invalid=0)
    for parsed in parsed_files:
        for child in parsed.children:
            place = (parsed.header.file_id, child.record_number)
            truth = generated.truths[place]
            result.validity_disagreements += truth.invalid == child.is_valid
            if not child.is_valid:
                result.invalid += 1
                continue
            record_id = len(result.children) + 1
            base = parsed.header.base_laestab
            result.children.append(incoming_child_record(record_id, child, base))
            result.places[record_id] = place
            result.truths[record_id] = truth
            result.files[record_id] = parsed.header.file_id

    by_place = {place: record_id for record_id, place in result.places.items()}
    for (place, student_id), relation in generated.relatives.items():
        if place in by_place:
            result.relatives[(by_place[place], student_id)] = relation
    return result
