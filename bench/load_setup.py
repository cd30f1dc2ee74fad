"""The load test's site: a synthetic LA in a fresh database, and the checks after the run."""

import json
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

QUEUE_CHILDREN = 2_000
UPLOAD_CHILDREN = 10_000
OFFICER_PASSWORD = "load-test-password-2026"  # noqa: S105
DECISION_ACTIONS = ("incoming_student_link", "incoming_student_discard")


@dataclass
class Checks:
    passed: bool = True
    lines: list[str] = field(default_factory=list)

    def check(self, ok: bool, line: str) -> None:
        self.passed = self.passed and ok
        self.lines.append(f"{'OK  ' if ok else 'FAIL'} {line}")


@dataclass
class UploadOutcome:
    """The upload's import as the run left it, with its start and end as Unix times if it ended."""

    description: str
    started_at: float | None = None
    finished_at: float | None = None

    @property
    def duration(self) -> float:
        return self.finished_at - self.started_at


@dataclass
class LoadSite:
    work_dir: Path
    environment: dict[str, str]
    vendor: str
    upload_path: Path
    unmatched_ids: list[int]
    students_before: int
    postgres_admin_url: str = ""
    database_name: str = ""

    def upload_job_wait(self, *, deadline: float) -> UploadOutcome:
        """Wait for the upload's import to finish, and return its state, size and duration."""
        from portal_backoffice.intake.models import ImportJob

        while True:
            job = ImportJob.objects.defer("content").order_by("pk").last()
            if job is not None and job.is_finished or time.monotonic() > deadline:
                break
            time.sleep(2)
        if job is None:
            return UploadOutcome("never uploaded")
        if not job.is_finished:
            return UploadOutcome("still running at the time limit")
        took = (job.finished_at - job.started_at).total_seconds()
        return UploadOutcome(
            f"{job.get_state_display()} ({job.message or 'no message'}), import took {took:.0f} s",
            started_at=job.started_at.timestamp(),
            finished_at=job.finished_at.timestamp(),
        )

    def decisions_check(self, *, expected: int) -> Checks:
        """Check that officers' decisions were neither lost nor applied twice."""
        from portal_backoffice.accounts.models import AuditEvent
        from portal_backoffice.intake.models import IncomingStudent
        from portal_backoffice.register.models import Student

        checks = Checks()
        rows = AuditEvent.objects.filter(actor__isnull=False, action__in=DECISION_ACTIONS)
        per_student = Counter(rows.values_list("incoming_student_id", flat=True))
        twice = [pk for pk, count in per_student.items() if count > 1]
        decided = IncomingStudent.objects.filter(pk__in=self.unmatched_ids).exclude(
            state="unmatched"
        )
        added = sum(1 for row in rows.values_list("details", flat=True) if _is_added(row))
        students_added = Student.objects.count() - self.students_before

        checks.check(not twice, f"incoming students decided more than once: {len(twice)}")
        checks.check(
            len(per_student) == expected,
            f"officer audit rows {len(per_student)} = decisions officers saw succeed {expected}",
        )
        checks.check(
            decided.count() == len(per_student),
            f"students no longer unmatched {decided.count()} = audit rows {len(per_student)}",
        )
        checks.check(
            students_added == added,
            f"register students added {students_added} = Add New audit rows {added}",
        )
        return checks


def _is_added(details: dict) -> bool:
    return details.get("method") == "added"


def site_prepare(work_dir: Path, *, students: int, officers: int, postgres_url: str) -> LoadSite:
    """Create the database, load a synthetic LA, import 2,000 children and write the upload."""
    environment, admin_url, database = _environment(work_dir, postgres_url)
    os.environ.update(environment)
    if admin_url:
        _postgres_run(admin_url, f'CREATE DATABASE "{database}"')
    try:
        return _site_fill(work_dir, environment, students, officers, admin_url, database)
    except BaseException:
        if admin_url:
            from django.db import connections

            connections.close_all()
            _postgres_run(admin_url, f'DROP DATABASE IF EXISTS "{database}"')
        raise


def _site_fill(work_dir, environment, students, officers, admin_url, database) -> LoadSite:
    import django

    django.setup()
    from django.core.management import call_command

    from portal_backoffice.synthetic import (
        SyntheticLA,
        portal_batch_generate,
        portal_batch_write,
        register_csv_write,
    )

    call_command("migrate", verbosity=0)
    la = SyntheticLA(seed=5, students=students)
    register_csv_write(la, work_dir / "register")
    call_command("load_register", work_dir / "register", verbosity=0)
    call_command("rebuild_match_index", verbosity=0)
    queue = portal_batch_generate(la, children=QUEUE_CHILDREN, seed=1)
    paths = portal_batch_write(queue, work_dir / "portal", truth_path=work_dir / "truth.json")
    call_command("import", *paths, "--no-progress", verbosity=0)
    upload_path = _upload_write(la, work_dir)
    _officers_create(officers)
    return _site(work_dir, environment, upload_path, admin_url, database)


def _site(work_dir, environment, upload_path, admin_url, database) -> LoadSite:
    from django.db import connection, connections

    from portal_backoffice.intake.models import IncomingStudent
    from portal_backoffice.intake.services.match_index import match_index_forget
    from portal_backoffice.register.models import Student

    site = LoadSite(
        work_dir=work_dir,
        environment=environment,
        vendor=connection.vendor,
        upload_path=upload_path,
        unmatched_ids=list(
            IncomingStudent.objects.filter(state="unmatched").values_list("pk", flat=True)
        ),
        students_before=Student.objects.count(),
        postgres_admin_url=admin_url,
        database_name=database,
    )
    # The server and worker open the match index file, which DuckDB lets one process hold.
    match_index_forget()
    connections.close_all()
    return site


def site_remove(site: LoadSite) -> None:
    from django.db import connections

    connections.close_all()
    if site.postgres_admin_url:
        _postgres_run(site.postgres_admin_url, f'DROP DATABASE IF EXISTS "{site.database_name}"')


def _environment(work_dir: Path, postgres_url: str) -> tuple[dict[str, str], str, str]:
    environment = {
        "PORTAL_DEMO": "1",
        "PORTAL_VAR_DIR": str(work_dir),
        "PORTAL_MATCH_INDEX_PATH": str(work_dir / "match-index.duckdb"),
        "PORTAL_LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "portal_backoffice.settings",
    }
    if not postgres_url:
        environment["DATABASE_URL"] = f"sqlite:///{work_dir / 'portal.sqlite3'}"
        return environment, "", ""
    parts = urlsplit(postgres_url)
    if parts.hostname not in ("127.0.0.1", "localhost"):
        raise SystemExit(f"The load test runs on 127.0.0.1 only, not on {parts.hostname}")
    database = f"portal_load_{os.getpid()}"
    base = f"{parts.scheme}://{parts.netloc}"
    environment["DATABASE_URL"] = f"{base}/{database}"
    return environment, f"{base}/postgres", database


def _postgres_run(admin_url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(statement)


def _upload_write(la, work_dir: Path) -> Path:
    """Write one FSM file of exactly 10,000 children, taken from several generated batches."""
    from portal_backoffice.synthetic import portal_batch_generate

    header = None
    children: list[dict] = []
    for seed in range(2, 40):
        batch = portal_batch_generate(
            la, children=UPLOAD_CHILDREN, seed=seed, children_per_file=UPLOAD_CHILDREN
        )
        for file in batch.files:
            if file.header["module"] == "FSM":
                header = header or {**file.header, "file_id": "FSM-LOAD-10000"}
                children.extend(file.children)
        if len(children) >= UPLOAD_CHILDREN:
            break
    path = work_dir / "FSM-LOAD-10000.json"
    document = {"header": header, "children": children[:UPLOAD_CHILDREN]}
    path.write_text(json.dumps(document, ensure_ascii=False))
    return path


def _officers_create(count: int) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    groups = list(
        Group.objects.filter(name__in=["Portal LA Data Processing", "Portal Conflict Management"])
    )
    for number in range(count):
        user = get_user_model().objects.create_user(f"officer{number}", password=OFFICER_PASSWORD)
        user.groups.set(groups)
