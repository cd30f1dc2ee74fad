"""Load test: 20 officers work the queues while a 10,000-child file imports in the background.

    python -m bench.load [--officers 20] [--students-each 12] [--time-limit 300]

Everything runs on 127.0.0.1 in a temporary folder: a synthetic LA, its
database, a waitress server on a free port and the db_worker that runs the
upload. The database is a SQLite file, or a fresh PostgreSQL database when
LOAD_POSTGRES_URL names a server such as postgres://postgres@127.0.0.1:5432. Each officer thread
signs in and takes a fixed list of unmatched students, some shared with other
officers, and opens, selects, adds or discards each. The run stops after the
fixed number of requests or the time limit, whichever comes first, then stops
the server and worker and checks the database: no incoming student was
decided twice, and the officers' audit rows equal the decisions they saw
succeed.
"""

import argparse
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.load_client import OfficerResult, RequestTiming, officers_run
from bench.load_setup import (
    UPLOAD_CHILDREN,
    LoadSite,
    UploadOutcome,
    site_prepare,
    site_remove,
)

PROJECT_DIR = Path(__file__).resolve().parents[1]


def main() -> int:
    options = _arguments()
    with tempfile.TemporaryDirectory(prefix="portal-load-") as work:
        site = site_prepare(
            Path(work),
            students=options.register_students,
            officers=options.officers,
            postgres_url=options.postgres_url,
        )
        try:
            return _run(site, options)
        finally:
            site_remove(site)


def _run(site: LoadSite, options) -> int:
    port = _free_port()
    env = {**os.environ, **site.environment}
    worker = _start([sys.executable, "manage.py", "db_worker", "--no-startup-delay"], env, site)
    server = _start(
        [
            sys.executable,
            "-m",
            "waitress",
            f"--listen=127.0.0.1:{port}",
            "--threads=8",
            "portal_backoffice.wsgi:application",
        ],
        env,
        site,
    )
    try:
        _wait_for_port(port)
        started = time.monotonic()
        results = officers_run(
            base_url=f"http://127.0.0.1:{port}",
            assignments=_assignments(site, options),
            upload=site.upload_path,
            deadline=started + options.time_limit,
            think_seconds=options.think_seconds,
        )
        elapsed = time.monotonic() - started
        job = site.upload_job_wait(deadline=started + options.time_limit + 600)
    finally:
        for process in (server, worker):
            process.terminate()
        for process in (server, worker):
            process.wait(timeout=30)

    return _report(site, results, elapsed, job, options)


def _assignments(site: LoadSite, options) -> list[list[int]]:
    """Give each officer its own students and some of its neighbour's, so that decisions race."""
    pool = site.unmatched_ids
    random.Random(options.seed).shuffle(pool)
    each = options.students_each
    lists = []
    for number in range(options.officers):
        own = pool[number * each : (number + 1) * each]
        shared = pool[((number + 1) % options.officers) * each :][:2]
        lists.append(own + shared)
    return lists


def _report(
    site: LoadSite, results: list[OfficerResult], elapsed: float, job: UploadOutcome, options
) -> int:
    timings = [timing for result in results for timing in result.requests]
    errors = [error for result in results for error in result.errors]
    decisions = sum(result.decisions for result in results)
    checks = site.decisions_check(expected=decisions)

    print(
        f"Database: {site.vendor}; officers: {options.officers}; register: "
        f"{options.register_students:,} students"
    )
    print(f"Requests: {len(timings)} in {elapsed:.1f} s; errors: {len(errors)}")
    print(f"Page time: {_percentiles(timings)}")
    # Sign-in hashes the password on purpose slowly, and all 20 officers sign
    # in at the start, so the split by the import's time leaves it out.
    work = [timing for timing in timings if not timing.kind.endswith("sign in")]
    if job.started_at is not None:
        during = [timing for timing in work if _overlaps(timing, job)]
        others = [timing for timing in work if not _overlaps(timing, job)]
        print(f"  while the upload imported, without sign-in: {_percentiles(during)}")
        print(f"  before or after it, without sign-in: {_percentiles(others)}")
    for kind in sorted({timing.kind for timing in timings}):
        of_kind = [timing for timing in timings if timing.kind == kind]
        print(f"  {kind}: {_percentiles(of_kind)}")
    if job.started_at is not None:
        print(f"  slowest, in seconds from the import's start ({job.duration:.0f} s long):")
        for timing in sorted(timings, key=lambda timing: timing.seconds)[-5:]:
            print(
                f"    {timing.kind}: {timing.seconds * 1000:.0f} ms, "
                f"started at {timing.started_at - job.started_at:+.1f} s"
            )
    print(
        f"Decisions seen by officers: {decisions}; refused as changed by someone else: "
        f"{sum(result.conflicts for result in results)}"
    )
    print(f"Upload of {UPLOAD_CHILDREN:,} children: {job.description}")
    for line in checks.lines:
        print(line)
    for error in errors[:20]:
        print(f"Error: {error}")
    return 0 if not errors and checks.passed else 1


def _percentiles(timings: list[RequestTiming]) -> str:
    times = sorted(timing.seconds for timing in timings)
    if not times:
        return "no requests"
    p50 = times[len(times) // 2]
    p95 = times[int(len(times) * 0.95)]
    return (
        f"{len(times)} requests, p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
        f"max {times[-1] * 1000:.0f} ms"
    )


def _overlaps(timing: RequestTiming, job: UploadOutcome) -> bool:
    """Tell whether the request was open at any moment while the upload's import ran."""
    ended_at = timing.started_at + timing.seconds
    return timing.started_at < job.finished_at and ended_at > job.started_at


def _start(command: list[str], env: dict, site: LoadSite) -> subprocess.Popen:
    log = (site.work_dir / f"{command[2].replace('.', '-')}.log").open("w")
    return subprocess.Popen(  # noqa: S603
        command, cwd=PROJECT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
    )


def _free_port() -> int:
    """Return a port between 8100 and 8999 that nothing on 127.0.0.1 listens on."""
    ports = list(range(8100, 9000))
    random.shuffle(ports)
    for port in ports:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("No free port between 8100 and 8999 on 127.0.0.1")


def _wait_for_port(port: int, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"The server did not start on 127.0.0.1:{port} within {timeout:.0f} s")


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--officers", type=int, default=20, help="Officer threads (default 20).")
    parser.add_argument(
        "--students-each",
        type=int,
        default=14,
        help="Unmatched students each officer decides, besides two shared (default 14).",
    )
    parser.add_argument(
        "--register-students",
        type=int,
        default=60_000,
        help="Students in the synthetic register (default 60000).",
    )
    parser.add_argument(
        "--time-limit", type=float, default=300, help="Seconds before officers stop (default 300)."
    )
    parser.add_argument(
        "--think-seconds",
        type=float,
        default=4.0,
        help="Mean seconds an officer reads between students (default 4).",
    )
    parser.add_argument("--seed", type=int, default=5, help="Random seed (default 5).")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("LOAD_POSTGRES_URL", ""),
        help="A PostgreSQL server on 127.0.0.1 to create the load database in "
        "(default: LOAD_POSTGRES_URL, else SQLite).",
    )
    return parser.parse_args()


if __name__ == "__main__":
    sys.exit(main())
