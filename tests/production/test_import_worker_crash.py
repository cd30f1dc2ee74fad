"""A real `manage.py db_worker` killed mid-import, then recovered.

The test queues a synthetic upload of a few thousand children and starts a
worker process on a database both processes can see. That is a SQLite file,
or the PostgreSQL test database when DATABASE_URL names PostgreSQL. It
SIGKILLs the worker once the job shows progress, when nothing from the file
may be stored yet. recover_import_jobs and a second worker must then import
the file exactly once.
"""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from portal_backoffice.intake.models import ImportJob, IncomingFile, IncomingStudent

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

PROJECT_DIR = Path(__file__).resolve().parents[2]
CHILDREN = 3000
# Upper bounds on each wait, in seconds.
SETUP_TIMEOUT = 120
PROGRESS_TIMEOUT = 60
IMPORT_TIMEOUT = 120


class SharedDatabase:
    """The database the worker uses, read over a connection of the test's own.

    Raw SQL, because on SQLite the test's Django connection is an in-memory
    database that the worker cannot see.
    """

    def __init__(self, tmp_path: Path):
        if connection.vendor == "postgresql":
            settings = connection.settings_dict
            self.url = (
                f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}"
                f"/{settings['NAME']}"
            )
            self._connection = psycopg.connect(self.url, autocommit=True)
            self._placeholder = "%s"
        else:
            path = tmp_path / "crash.sqlite3"
            self.url = f"sqlite:///{path}"
            self._connection = None
            self._path = path
            self._placeholder = "?"

    def one(self, sql: str, *parameters):
        sql = sql.replace("%s", self._placeholder)
        if self._connection is not None:
            return self._connection.execute(sql, parameters).fetchone()
        with sqlite3.connect(self._path, timeout=20) as sqlite:
            return sqlite.execute(sql, parameters).fetchone()

    def job(self, job_id: int) -> tuple[str, int, int, int]:
        """Return the job's state, progress done and total, and attempts."""
        table = ImportJob._meta.db_table
        return self.one(
            f"SELECT state, progress_done, progress_total, attempts FROM {table} WHERE id = %s",  # noqa: S608
            job_id,
        )

    def stored(self, file_id: str) -> tuple[int, int]:
        """Return how many incoming files with this file ID, and students in them, are stored."""
        files = IncomingFile._meta.db_table
        students = IncomingStudent._meta.db_table
        (file_count,) = self.one(f"SELECT count(*) FROM {files} WHERE file_id = %s", file_id)  # noqa: S608
        (student_count,) = self.one(
            f"SELECT count(*) FROM {students} s JOIN {files} f ON s.incoming_file_id = f.id "  # noqa: S608
            "WHERE f.file_id = %s",
            file_id,
        )
        return file_count, student_count

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()


@pytest.fixture
def shared_database(tmp_path):
    database = SharedDatabase(tmp_path)
    yield database
    database.close()


@pytest.fixture
def environment(tmp_path, shared_database) -> dict[str, str]:
    return {
        **os.environ,
        "PORTAL_DEMO": "1",
        "DJANGO_SETTINGS_MODULE": "portal_backoffice.settings",
        "DATABASE_URL": shared_database.url,
        "PORTAL_VAR_DIR": str(tmp_path),
        "PORTAL_MATCH_INDEX_PATH": str(tmp_path / "match-index.duckdb"),
        "PORTAL_LOG_LEVEL": "WARNING",
    }


def manage(environment: dict, *arguments: str, timeout: float) -> str:
    completed = subprocess.run(  # noqa: S603
        [sys.executable, *arguments],
        cwd=PROJECT_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert completed.returncode == 0, f"{arguments} failed:\n{completed.stderr[-3000:]}"
    return completed.stdout


def worker_start(environment: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
        cwd=PROJECT_DIR,
        env=environment,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )


def worker_end(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.kill()
    worker.wait(timeout=30)


def wait_for(condition, timeout: float, description: str, interval: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"Timed out after {timeout:.0f} s waiting for {description}")


def test_worker_killed_mid_import_recovers_once(shared_database, environment, tmp_path):
    site = json.loads(
        manage(environment, "tests/production/crash_site.py", str(CHILDREN), timeout=SETUP_TIMEOUT)
    )
    job_id, file_id = site["job_id"], site["file_id"]

    worker = worker_start(environment, tmp_path / "worker-1.log")
    try:
        running = wait_for(
            lambda: (job := shared_database.job(job_id))[1] > 0 and job,
            PROGRESS_TIMEOUT,
            "the job to report progress",
        )
        # Progress is visible to another connection while the import runs.
        assert running[0] == ImportJob.State.RUNNING
        assert shared_database.stored(file_id) == (0, 0)
        os.kill(worker.pid, signal.SIGKILL)
        # Reaped, so that recovery finds the worker's process gone.
        worker.wait(timeout=30)
    finally:
        worker_end(worker)

    state, done, total, attempts = shared_database.job(job_id)
    assert worker.returncode == -signal.SIGKILL
    assert state == ImportJob.State.RUNNING
    assert 0 < done <= total
    assert attempts == 1
    assert shared_database.stored(file_id) == (0, 0)

    recovered = manage(environment, "manage.py", "recover_import_jobs", timeout=60)
    assert "Uploads queued again: 1" in recovered

    worker = worker_start(environment, tmp_path / "worker-2.log")
    try:
        worker.wait(timeout=IMPORT_TIMEOUT)
    finally:
        worker_end(worker)

    state, done, total, attempts = shared_database.job(job_id)
    log = (tmp_path / "worker-2.log").read_text()[-3000:]
    assert state == ImportJob.State.DONE, log
    assert attempts == 2
    assert done == total == site["children"]
    assert shared_database.stored(file_id) == (1, site["children"])
