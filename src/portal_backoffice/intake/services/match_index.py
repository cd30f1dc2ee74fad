"""The match index: the register's match keys in a DuckDB file.

The index lives at settings.PORTAL_MATCH_INDEX_PATH. Every read and write goes
through one lock, because a DuckDB connection must not be shared between
threads without one, and the file is open only while a block uses it,
because DuckDB lets only one process open it. Changes to students reach the index after their
transaction commits (match_index_refresh_on_commit), so an import never
re-reads the whole register.

A process that finds the file open elsewhere leaves a marker file beside it
while it waits, and an import matching a file closes the index for a moment
when it sees the marker (match_index_requested). Threads of one process that
wait together are served in one turn: the file stays open until the last
of them is done, unless another process requests it meanwhile.
"""

import logging
import threading
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import duckdb
from django.conf import settings
from django.db import transaction

from portal_backoffice.matching.index import MatchIndex
from portal_backoffice.matching.model import MatchModel
from portal_backoffice.matching.records import ChildRecord
from portal_backoffice.register.models import FormerSurname, FormerUpn, Student, StudentCarer

logger = logging.getLogger(__name__)

# Students read per query while rebuilding: bounds memory, not correctness.
REBUILD_CHUNK_SIZE = 5000

_STUDENT_FIELDS = (
    "pk",
    "legal_forename",
    "middle_names",
    "legal_surname",
    "date_of_birth",
    "gender",
    "upn",
    "address_line_1",
    "postcode",
    "base_id",
)

# How long to wait for another process to close the index file.
OPEN_TIMEOUT_SECONDS = 120.0
# Short, because an import closes the file between batches for only
# automatic_matching.MATCH_INDEX_PAUSE_SECONDS before opening it again.
_OPEN_RETRY_SECONDS = 0.05
# Counts that differ are compared again this many times, this many seconds
# apart, before match_index_ensure_built rebuilds the index.
ENSURE_RECHECKS = 2
ENSURE_RECHECK_SECONDS = 0.5

_lock = threading.RLock()
_index: MatchIndex | None = None
_index_path: Path | None = None
_depth = 0
# Threads of this process waiting for _lock, counted under _waiting_lock.
_waiting = 0
_waiting_lock = threading.Lock()
_open_request_failed = False


class MatchIndexBusy(Exception):
    """Another process kept the match index file open for longer than the wait allows."""


@contextmanager
def match_index_locked() -> Iterator[MatchIndex]:
    """Yield the match index, open and held under the lock for the block.

    DuckDB lets only one process open the file, so the index is closed again
    when the outermost block ends: the web server and a manage.py import take
    turns. A block that uses the index many times (an import's batches)
    should enclose them, so that the file is opened once.
    """
    global _depth
    with _lock_taken():
        path = Path(settings.PORTAL_MATCH_INDEX_PATH)
        if _index is not None and _index_path != path:
            _index_close()
        if _index is None:
            _index_open(path)
        _depth += 1
        try:
            yield _index
        finally:
            _depth -= 1
            if _depth == 0 and not _kept_for_next_thread(path):
                _index_close()


@contextmanager
def _lock_taken() -> Iterator[None]:
    global _waiting
    with _waiting_lock:
        _waiting += 1
    try:
        _lock.acquire()
    finally:
        with _waiting_lock:
            _waiting -= 1
    try:
        yield
    finally:
        _lock.release()


def _kept_for_next_thread(path: Path) -> bool:
    """Tell whether to leave the file open for a thread of this process that waits for it.

    Several officers' requests that wait for an import's turn are then served
    in one turn, unless another process has asked for the file meanwhile.
    """
    with _waiting_lock:
        waiting = _waiting
    return waiting > 0 and not _request_marker(path).exists()


def _index_open(path: Path) -> None:
    global _index, _index_path
    path.parent.mkdir(parents=True, exist_ok=True)
    # Read on every open, so that a model activated since the last block takes effect.
    model = MatchModel.active(settings.PORTAL_MODEL_DIR)
    deadline = time.monotonic() + OPEN_TIMEOUT_SECONDS
    while True:
        try:
            _index = MatchIndex(path, model=model)
            _index_path = path
            # This process's own request is met. Another process still
            # waiting requests the file again on its next try.
            _request_marker(path).unlink(missing_ok=True)
            return
        except duckdb.IOException as error:
            if "lock" not in str(error) or time.monotonic() > deadline:
                raise MatchIndexBusy(
                    f"The match index {path} is open in another process. "
                    "Wait for that import or rebuild to finish, then try again."
                ) from error
            _open_request(path)
            time.sleep(_OPEN_RETRY_SECONDS)


def _request_marker(path: Path) -> Path:
    return path.with_name(path.name + ".wanted")


def _open_request(path: Path) -> None:
    """Leave a marker file that requests the process holding the index to close it for a moment."""
    global _open_request_failed
    try:
        _request_marker(path).touch()
    except OSError:
        # Without the marker an import still closes the file when its matching
        # ends. Logged once, because a waiting process retries 20 times a second.
        if not _open_request_failed:
            logger.warning("Match index open request not written: path=%s", path, exc_info=True)
        _open_request_failed = True


def match_index_requested() -> bool:
    """Tell whether another process asked to open the index file since the last call.

    The request is cleared, so a process that still waits after this one's
    turn requests the file again.
    """
    try:
        _request_marker(Path(settings.PORTAL_MATCH_INDEX_PATH)).unlink()
    except FileNotFoundError:
        return False
    return True


def _index_close() -> None:
    global _index, _index_path
    if _index is not None:
        _index.close()
    _index = None
    _index_path = None


def match_index_forget() -> None:
    """Close the index if a block left it open, so that tests start from the file."""
    global _depth
    with _lock:
        _index_close()
        _depth = 0


def student_to_child_record(student: Student) -> ChildRecord:
    """Build the match keys of one register student: legal names, current address, carers, base."""
    row = {name: getattr(student, name) for name in _STUDENT_FIELDS}
    former_surnames = tuple(student.former_surnames.values_list("surname", flat=True))
    former_upns = tuple(student.former_upns.values_list("upn", flat=True))
    carer_names = tuple(
        student.carer_links.values_list("person__forename", "person__surname").order_by("priority")
    )
    return _child_record(row, former_surnames, former_upns, carer_names)


def _child_record(
    row: dict,
    former_surnames: Sequence[str],
    former_upns: Sequence[str],
    carer_names: Sequence[tuple[str, str]] = (),
) -> ChildRecord:
    return ChildRecord(
        record_id=row["pk"],
        forename=row["legal_forename"] or "",
        middle_names=row["middle_names"] or "",
        surname=row["legal_surname"] or "",
        former_surnames=tuple(former_surnames),
        date_of_birth=row["date_of_birth"],
        gender=row["gender"] or "",
        upn=row["upn"] or "",
        former_upns=tuple(former_upns),
        address_line_1=row["address_line_1"] or "",
        postcode=row["postcode"] or "",
        carer_names=tuple(carer_names),
        base=str(row["base_id"]) if row["base_id"] else "",
    )


def _child_records_for_rows(rows: list[dict]) -> list[ChildRecord]:
    """Build match keys for a chunk of student rows with three more queries, not one per student."""
    ids = [row["pk"] for row in rows]
    former_surnames = defaultdict(list)
    for student_id, surname in FormerSurname.objects.filter(student_id__in=ids).values_list(
        "student_id", "surname"
    ):
        former_surnames[student_id].append(surname)
    former_upns = defaultdict(list)
    for student_id, upn in FormerUpn.objects.filter(student_id__in=ids).values_list(
        "student_id", "upn"
    ):
        former_upns[student_id].append(upn)
    carer_names = defaultdict(list)
    for student_id, forename, surname in (
        StudentCarer.objects.filter(student_id__in=ids)
        .order_by("student_id", "priority")
        .values_list("student_id", "person__forename", "person__surname")
    ):
        carer_names[student_id].append((forename, surname))

    return [
        _child_record(
            row, former_surnames[row["pk"]], former_upns[row["pk"]], carer_names[row["pk"]]
        )
        for row in rows
    ]


def _linkable_students():
    # A do-not-link student (adoption-sealed or closed) is never offered as a match.
    return Student.objects.filter(do_not_link=False).order_by("pk")


def _all_child_records() -> Iterator[ChildRecord]:
    last_pk = 0
    while True:
        rows = list(
            _linkable_students()
            .filter(pk__gt=last_pk)
            .values(*_STUDENT_FIELDS)[:REBUILD_CHUNK_SIZE]
        )
        if not rows:
            return
        yield from _child_records_for_rows(rows)
        last_pk = rows[-1]["pk"]


def match_index_rebuild() -> int:
    """Replace the whole index with the register's linkable students. Return their count."""
    with _lock:
        # A fresh file, so that a file written with another key layout is
        # replaced rather than read wrongly.
        path = Path(settings.PORTAL_MATCH_INDEX_PATH)
        if _depth == 0:
            _index_close()
            for stale in (path, path.with_name(path.name + ".wal")):
                stale.unlink(missing_ok=True)
        with match_index_locked() as index:
            # The generator reads the register chunk by chunk while the index loads.
            index.replace_all(_all_child_records())
            count = len(index)

    logger.info("Match index rebuilt: students=%d", count)
    return count


def match_index_refresh_students(student_ids: Iterable[int]) -> None:
    """Bring the index up to date for these students: add or update them, or remove them."""
    ids = sorted(set(student_ids))
    if not ids:
        return
    rows = list(_linkable_students().filter(pk__in=ids).values(*_STUDENT_FIELDS))
    records = _child_records_for_rows(rows)
    gone = sorted(set(ids) - {record.record_id for record in records})

    with match_index_locked() as index:
        if records:
            index.upsert(records)
        if gone:
            index.remove(gone)

    logger.info("Match index refreshed: updated=%d removed=%d", len(records), len(gone))


def match_index_refresh_on_commit(student_ids: Iterable[int]) -> None:
    """Refresh these students in the index once the current transaction commits."""
    ids = sorted(set(student_ids))
    if ids:
        transaction.on_commit(lambda: _refresh_logging_failure(ids))


def _refresh_logging_failure(ids: list[int]) -> None:
    # The change is already committed, so a failure here must not reach the
    # officer as a failed decision. The next rebuild repairs the index.
    try:
        match_index_refresh_students(ids)
    except Exception:
        logger.exception("Match index refresh failed: students=%s", ids)


def match_index_ensure_built() -> None:
    """Rebuild the index when its student count differs from the register's.

    This catches a missing or empty index file, and students loaded in bulk
    (load_register) without a refresh. A change to a student who is already
    indexed is not detected here: it reaches the index through
    match_index_refresh_on_commit.

    An officer's change reaches the index a moment after it commits, so an
    index that is not empty is counted again before it is rebuilt, which at
    a million students takes minutes.
    """
    for check in range(ENSURE_RECHECKS + 1):
        with match_index_locked() as index:
            indexed = len(index)
        linkable = _linkable_students().count()
        if indexed == linkable:
            return
        if indexed == 0 or check == ENSURE_RECHECKS:
            break
        # NOTE: a refresh still on its way at every check still causes a rebuild.
        time.sleep(ENSURE_RECHECK_SECONDS)

    logger.info("Match index has %d students, the register %d: rebuilding", indexed, linkable)
    match_index_rebuild()
