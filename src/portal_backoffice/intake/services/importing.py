"""Import portal files: read and match them first, then store them in one short transaction.

incoming_files_prepare does the long work outside any transaction and writes
nothing: it parses and validates each file, scores the children of all the
files against the match index in one pass and settles each automatic match's
differences against the register. incoming_files_store then writes the files,
their children, possible matches, automatic links and audit rows inside the
caller's transaction, so a failure leaves nothing half-imported, and other
writers wait only for the writes. Each file's raw bytes are kept in the
database and, once the transaction commits, under settings.PORTAL_RAW_FILE_DIR.

Matching many files together pays the fixed costs of a pass once instead of
once per file: opening the match index, finding the students that blocking
pairs with the children and reading the register for the links. When an LA's
schools send many small files, those costs were most of the import's time.
"""

import hashlib
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from portal_backoffice.accounts.models import AuditEvent
from portal_backoffice.register.models import Base

from ..formats import FileRejected, read_portal_file
from ..formats.types import ChildSubmission, ParsedFile
from ..models import IncomingCarer, IncomingFile, IncomingStudent
from ..models.choices import MatchMethod, State
from ..rules import RuleBook
from .automatic_matching import incoming_students_match
from .bulk_insert import PreparedInsert
from .import_rows import ImportRows, import_rows_prepare, import_rows_store
from .match_index import match_index_ensure_built
from .storable import child_submissions_make_storable

logger = logging.getLogger(__name__)

# Called with (children matched so far, children to match).
Progress = Callable[[int, int], None]

# File IDs looked up per query when checking for earlier imports.
FILE_ID_CHUNK_SIZE = 500


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
class PreparedFile:
    """One portal file of an import, read and validated, with its rows not stored yet."""

    content: bytes
    parsed: ParsedFile
    incoming_file: IncomingFile
    students: list[IncomingStudent]


@dataclass
class PreparedImport:
    """Portal files read, validated and matched together, with none of their rows stored yet."""

    files: list[PreparedFile]
    # The rows of every file, or None when no file could be read.
    rows: ImportRows | None
    rules: RuleBook | None
    # Position in the files given -> the error of each file left out, which
    # names the file and the reason.
    rejected: dict[int, FileRejected] = field(default_factory=dict)


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
    """Read, validate and match one portal file, writing nothing. Raise FileRejected."""
    prepared = incoming_files_prepare([(name, content)], actor=actor, progress=progress)
    if prepared.rejected:
        raise prepared.rejected[0]
    return prepared


def incoming_file_store(prepared: PreparedImport) -> ImportResult:
    """Store a prepared file as incoming_files_store does, and return its result."""
    (result,) = incoming_files_store(prepared)
    return result


def import_groups[Item](items: Iterable[Item], size: Callable[[Item], int]) -> Iterator[list[Item]]:
    """Yield the items in groups of at most PORTAL_MAX_UPLOAD_BYTES in all, in their order.

    A group is as much as one import prepares and stores at once: no more
    than the largest file an officer may upload, so memory stays bounded.
    """
    limit = settings.PORTAL_MAX_UPLOAD_BYTES
    group: list[Item] = []
    total = 0
    for item in items:
        if group and total + size(item) > limit:
            yield group
            group, total = [], 0
        group.append(item)
        total += size(item)
    if group:
        yield group


def incoming_files_prepare(
    files: Sequence[tuple[str, bytes]], *, actor=None, progress: Progress | None = None
) -> PreparedImport:
    """Read, validate and match portal files given as (name, content), writing nothing.

    A file that cannot be loaded is left out and its FileRejected listed in
    the result, and the other files go on. Run it outside a transaction: it
    reads the register for a while, and on SQLite a transaction would keep
    every other writer waiting.
    """
    rejected: dict[int, FileRejected] = {}
    read: list[tuple[int, bytes, ParsedFile]] = []
    names_by_id: dict[str, str] = {}
    for position, (name, content) in enumerate(files):
        try:
            parsed = _file_read(content, name)
            _reject_if_repeated(parsed, names_by_id)
        except FileRejected as rejection:
            rejected[position] = rejection
            continue
        read.append((position, content, parsed))

    earlier = _earlier_imports(parsed.header.file_id for _, _, parsed in read)
    bases: dict[tuple[str, str], Base | None] = {}
    prepared_files = []
    for position, content, parsed in read:
        try:
            _reject_if_imported(parsed.header.file_id, parsed.name, earlier)
            base = _file_base(parsed, bases)
        except FileRejected as rejection:
            rejected[position] = rejection
            continue
        prepared_files.append(_prepared_file(parsed, base, content, actor))

    if not prepared_files:
        return PreparedImport(files=[], rows=None, rules=None, rejected=rejected)
    match_index_ensure_built()
    rules = RuleBook.load()
    students = [student for prepared in prepared_files for student in prepared.students]
    carers = [
        _incoming_carers(student, child)
        for prepared in prepared_files
        for student, child in zip(prepared.students, prepared.parsed.children, strict=True)
    ]
    matching = incoming_students_match(
        students=students, carers=carers, rules=rules, progress=progress
    )
    rows = import_rows_prepare(students, carers, matching)
    return PreparedImport(files=prepared_files, rows=rows, rules=rules, rejected=rejected)


def incoming_files_store(prepared: PreparedImport) -> list[ImportResult]:
    """Store prepared files with their children, matches, links and audit rows.

    Run it inside the caller's transaction, which it then holds only for
    these writes. Return one result per file, in the order prepared. Raise
    FileRejected when another import stored one of the file IDs first, and
    store nothing. Automatic links whose register rows changed since they
    were worked out are made again here, reading the register afresh.
    Children whose student was removed or marked do-not-link are left for
    review.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("incoming_files_store must run inside transaction.atomic().")
    if not prepared.files:
        return []
    _reject_if_any_imported(prepared.files)
    try:
        with transaction.atomic():
            results = _rows_store(prepared)
    except IntegrityError:
        # Another import of the same file ID committed first.
        _reject_if_any_imported(prepared.files)
        raise

    for result in results:
        logger.info(
            "Incoming file imported: incoming_file=%d children=%d counts=%s",
            result.incoming_file.pk,
            result.total,
            result.counts,
        )
    return results


def _rows_store(prepared: PreparedImport) -> list[ImportResult]:
    incoming_files = [file.incoming_file for file in prepared.files]
    PreparedInsert(IncomingFile, incoming_files).insert()
    import_rows_store(prepared.rows, prepared.rules)

    results = [_result(file.incoming_file, file.students) for file in prepared.files]
    PreparedInsert(AuditEvent, [_file_audit(result) for result in results]).insert()
    for file in prepared.files:
        transaction.on_commit(
            lambda incoming_file=file.incoming_file, content=file.content: _raw_file_write(
                incoming_file, content
            )
        )
    return results


def _file_read(content: bytes, name: str) -> ParsedFile:
    _reject_if_too_large(content, name)
    parsed = read_portal_file(content, name=name)
    _reject_if_too_many_records(parsed)
    child_submissions_make_storable(parsed.children)
    return parsed


def _prepared_file(parsed: ParsedFile, base: Base, content: bytes, actor) -> PreparedFile:
    incoming_file = _incoming_file(parsed, base, content, actor)
    students = [_incoming_student(incoming_file, child) for child in parsed.children]
    return PreparedFile(content, parsed, incoming_file, students)


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


def _reject_if_repeated(parsed: ParsedFile, names_by_id: dict[str, str]) -> None:
    file_id = parsed.header.file_id
    first = names_by_id.get(file_id)
    if first is None:
        names_by_id[file_id] = parsed.name
    else:
        raise FileRejected(
            f"{parsed.name}: File ID {file_id} is also the File ID of {first} in this import. "
            "Import one of them, or give the other its own File ID"
        )


def _earlier_imports(file_ids) -> dict[str, IncomingFile]:
    """Return file ID -> the incoming file that already imported it, for these file IDs."""
    ids = sorted(set(file_ids))
    earlier = {}
    for start in range(0, len(ids), FILE_ID_CHUNK_SIZE):
        chunk = ids[start : start + FILE_ID_CHUNK_SIZE]
        for incoming_file in IncomingFile.objects.filter(file_id__in=chunk).only(
            "pk", "file_id", "imported_at"
        ):
            earlier[incoming_file.file_id] = incoming_file
    return earlier


def _reject_if_imported(file_id: str, name: str, earlier: dict[str, IncomingFile]) -> None:
    incoming_file = earlier.get(file_id)
    if incoming_file is None:
        return
    at = timezone.localtime(incoming_file.imported_at)
    raise FileRejected(
        f"{name}: File ID {file_id} was already imported on {at.day} {at:%B %Y} "
        f"at {at:%H:%M} as incoming file {incoming_file.pk}"
    )


def _reject_if_any_imported(files: list[PreparedFile]) -> None:
    earlier = _earlier_imports(file.parsed.header.file_id for file in files)
    for file in files:
        _reject_if_imported(file.parsed.header.file_id, file.parsed.name, earlier)


def _file_base(parsed: ParsedFile, bases: dict[tuple[str, str], Base | None]) -> Base:
    """Return the base the file's header names, remembering each base in bases."""
    header = parsed.header
    if header.portal_application_type:
        key = ("portal", header.portal_application_type)
        if key not in bases:
            bases[key] = Base.objects.filter(
                portal_application_type=header.portal_application_type
            ).first()
        missing = f"No portal base receives {header.portal_application_type} applications"
    else:
        laestab = header.base_laestab
        key = ("laestab", laestab)
        if key not in bases:
            bases[key] = Base.objects.filter(
                la_code=laestab[:3], establishment_number=laestab[3:]
            ).first()
        missing = f"Base with DfE number {laestab} is not in the register"
    base = bases[key]
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


def _file_audit(result: ImportResult) -> AuditEvent:
    # The file's row is stored by now, so its id is known. An event with no
    # actor records the system's own work.
    incoming_file = result.incoming_file
    return AuditEvent(
        action="incoming_file_import",
        actor=incoming_file.imported_by,
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
