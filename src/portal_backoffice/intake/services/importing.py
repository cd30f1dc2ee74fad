"""Import one portal file: read and match it first, then store it in one short transaction.

incoming_file_prepare does the long work outside any transaction and writes
nothing: it parses and validates the file, scores its children against the
match index and settles each automatic match's differences against the
register. incoming_file_store then writes the file, its children, their
possible matches, the automatic links and the audit rows inside the caller's
transaction, so a failure leaves nothing half-imported, and other writers
wait only for the writes. The file's raw bytes are kept in the database and,
once the transaction commits, under settings.PORTAL_RAW_FILE_DIR.
"""

import hashlib
import logging
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from portal_backoffice.accounts.audit import audit_record
from portal_backoffice.register.models import Base

from ..formats import FileRejected, read_portal_file
from ..formats.types import ChildSubmission, ParsedFile
from ..models import IncomingCarer, IncomingFile, IncomingStudent
from ..models.choices import MatchMethod, State
from ..rules import RuleBook
from .automatic_matching import incoming_students_match
from .import_rows import ImportRows, import_rows_prepare, import_rows_store
from .match_index import match_index_ensure_built
from .storable import child_submissions_make_storable

logger = logging.getLogger(__name__)

# Called with (children matched so far, children to match).
Progress = Callable[[int, int], None]


@dataclass
class ImportResult:
    """The incoming file one import stored, with its students' counts per state."""

    incoming_file: IncomingFile
    counts: dict[str, int] = field(default_factory=dict)
    automatic_matches: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class PreparedImport:
    """One portal file read, validated and matched, with none of its rows stored yet."""

    content: bytes
    parsed: ParsedFile
    incoming_file: IncomingFile
    rows: ImportRows
    rules: RuleBook


def incoming_file_import(
    *, content: bytes, name: str, actor=None, progress: Progress | None = None
) -> ImportResult:
    """Read, match and store one portal file. Raise FileRejected when it cannot be loaded."""
    prepared = incoming_file_prepare(content=content, name=name, actor=actor, progress=progress)
    with transaction.atomic():
        return incoming_file_store(prepared)


def incoming_file_prepare(
    *, content: bytes, name: str, actor=None, progress: Progress | None = None
) -> PreparedImport:
    """Read, validate and match one portal file, writing nothing. Raise FileRejected.

    Run it outside a transaction: it reads the register for a while, and on
    SQLite a transaction would keep every other writer waiting.
    """
    _reject_if_too_large(content, name)
    parsed = read_portal_file(content, name=name)
    _reject_if_too_many_records(parsed)
    child_submissions_make_storable(parsed.children)
    _reject_if_imported(parsed.header.file_id, name)
    base = _file_base(parsed)
    match_index_ensure_built()
    rules = RuleBook.load()

    incoming_file = _incoming_file(parsed, base, content, actor)
    students = [_incoming_student(incoming_file, child) for child in parsed.children]
    carers = [
        _incoming_carers(student, child)
        for student, child in zip(students, parsed.children, strict=True)
    ]
    matching = incoming_students_match(
        incoming_file=incoming_file,
        students=students,
        carers=carers,
        rules=rules,
        progress=progress,
    )
    rows = import_rows_prepare(students, carers, matching)
    return PreparedImport(content, parsed, incoming_file, rows, rules)


def incoming_file_store(prepared: PreparedImport) -> ImportResult:
    """Store a prepared file with its children, matches, links and audit rows.

    Run it inside the caller's transaction, which it then holds only for
    these writes. Raise FileRejected when another import stored the file ID
    first. Automatic links whose register rows changed since they were
    worked out are made again here, reading the register afresh. Children
    whose student was removed or marked do-not-link are left for review.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("incoming_file_store must run inside transaction.atomic().")
    name = prepared.parsed.name
    file_id = prepared.parsed.header.file_id
    _reject_if_imported(file_id, name)
    try:
        with transaction.atomic():
            result = _rows_store(prepared)
    except IntegrityError:
        # Another import of the same file ID committed first.
        _reject_if_imported(file_id, name)
        raise

    logger.info(
        "Incoming file imported: incoming_file=%d children=%d counts=%s",
        result.incoming_file.pk,
        result.total,
        result.counts,
    )
    return result


def _rows_store(prepared: PreparedImport) -> ImportResult:
    incoming_file = prepared.incoming_file
    incoming_file.save()
    import_rows_store(prepared.rows, prepared.rules)

    result = _result(incoming_file, prepared.rows.students)
    _file_audit(incoming_file, incoming_file.imported_by, result)
    content = prepared.content
    transaction.on_commit(lambda: _raw_file_write(incoming_file, content))
    return result


def _reject_if_too_large(content: bytes, name: str) -> None:
    limit = settings.PORTAL_MAX_UPLOAD_BYTES
    if len(content) > limit:
        raise FileRejected(
            f"{name}: the file is {len(content):,} bytes, more than the limit of {limit:,} "
            "bytes (PORTAL_MAX_UPLOAD_BYTES). Split it into smaller files and import each"
        )


def _reject_if_too_many_records(parsed: ParsedFile) -> None:
    limit = settings.PORTAL_MAX_RECORDS_PER_FILE
    if len(parsed.children) > limit:
        raise FileRejected(
            f"{parsed.name}: the file has {len(parsed.children):,} records, more than the "
            f"limit of {limit:,} (PORTAL_MAX_RECORDS_PER_FILE). Split it into smaller files "
            "and import each"
        )


def _reject_if_imported(file_id: str, name: str) -> None:
    earlier = IncomingFile.objects.filter(file_id=file_id).first()
    if earlier is None:
        return
    at = timezone.localtime(earlier.imported_at)
    raise FileRejected(
        f"{name}: File ID {file_id} was already imported on {at.day} {at:%B %Y} "
        f"at {at:%H:%M} as incoming file {earlier.pk}"
    )


def _file_base(parsed: ParsedFile) -> Base:
    header = parsed.header
    if header.portal_application_type:
        base = Base.objects.filter(portal_application_type=header.portal_application_type).first()
        missing = f"No portal base receives {header.portal_application_type} applications"
    else:
        laestab = header.base_laestab
        base = Base.objects.filter(la_code=laestab[:3], establishment_number=laestab[3:]).first()
        missing = f"Base with DfE number {laestab} is not in the register"
    if base is None:
        raise FileRejected(
            f"{parsed.name}: {missing}. Add the base in the admin, then import the file again"
        )
    return base


def _incoming_file(parsed: ParsedFile, base: Base, content: bytes, actor) -> IncomingFile:
    header = parsed.header
    return IncomingFile(
        file_id=header.file_id,
        source=header.source,
        module=header.module,
        base=base,
        created_at=header.created_at,
        imported_by=actor,
        file_format=parsed.file_format,
        original_name=Path(parsed.name).name[:255],
        raw_content=content,
        sha256=hashlib.sha256(content).hexdigest(),
    )


_STUDENT_TEXT_FIELDS = (
    "forename",
    "middle_names",
    "surname",
    "preferred_forename",
    "preferred_surname",
    "former_surname",
    "gender",
    "upn",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "ncy",
    "registration_group",
)
_CARER_FIELDS = (
    "title",
    "forename",
    "middle_names",
    "surname",
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
    "relationship",
    "parental_responsibility",
    "priority",
)


def _incoming_carers(student: IncomingStudent, child: ChildSubmission) -> list[IncomingCarer]:
    return [
        IncomingCarer(
            incoming_student=student,
            **{name: getattr(carer, name) for name in _CARER_FIELDS},
        )
        for carer in child.carers
    ]


def _incoming_student(incoming_file: IncomingFile, child: ChildSubmission) -> IncomingStudent:
    return IncomingStudent(
        incoming_file=incoming_file,
        record_number=child.record_number,
        state=State.UNMATCHED if child.is_valid else State.INVALID,
        date_of_birth=child.date_of_birth,
        extra_data=child.extra_data,
        module_data=child.module_data,
        raw_record=child.raw,
        errors=[error.as_dict() for error in child.errors],
        **{name: getattr(child, name) for name in _STUDENT_TEXT_FIELDS},
    )


def _result(incoming_file: IncomingFile, students: list[IncomingStudent]) -> ImportResult:
    counts = Counter(student.state for student in students)
    automatic = sum(1 for student in students if student.match_method == MatchMethod.AUTOMATIC)
    return ImportResult(
        incoming_file=incoming_file,
        counts={state.value: counts.get(state.value, 0) for state in State},
        automatic_matches=automatic,
    )


def _file_audit(incoming_file: IncomingFile, actor, result: ImportResult) -> None:
    audit_record(
        action="incoming_file_import",
        actor=actor,
        system=actor is None,
        incoming_file_id=incoming_file.pk,
        reason=f"Imported {result.total} children",
        details={
            "children": result.total,
            "automatic_matches": result.automatic_matches,
            "states": {state: count for state, count in result.counts.items() if count},
            "model_version": incoming_file.model_version,
        },
    )


_UNSAFE_NAME_CHARACTERS = re.compile(r"[^A-Za-z0-9._-]+")


def raw_file_path(incoming_file: IncomingFile) -> Path:
    """Return where the raw copy of an incoming file is kept on disk."""
    safe_id = _UNSAFE_NAME_CHARACTERS.sub("_", incoming_file.file_id)
    return Path(settings.PORTAL_RAW_FILE_DIR) / (
        f"{incoming_file.pk:06d}-{safe_id}.{incoming_file.file_format}"
    )


def _raw_file_write(incoming_file: IncomingFile, content: bytes) -> None:
    # The database copy is the record, so a failed disk copy is logged, not raised.
    path = raw_file_path(incoming_file)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    except OSError:
        logger.exception("Raw file copy failed: incoming_file=%d", incoming_file.pk)
