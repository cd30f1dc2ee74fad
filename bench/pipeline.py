"""One synthetic-LA run in its own process: generate, index, read, match, decide, import.

bench.run starts this module once per register size and reads the JSON it
writes to --result. Every phase is timed and its peak memory read from the
kernel (see bench.measure). With --django the batch is also imported through
the product's Django import on a new SQLite database, as manage.py import
does it, which times the whole import and checks its automatic matches.
"""

import argparse
import json
import logging
import pickle
import subprocess
import sys
from pathlib import Path

from portal_backoffice.matching import MatchIndex, decide
from portal_backoffice.matching.records import DecisionPolicy

from .accuracy import accuracy_score, accuracy_summary, same_student_in_file
from .measure import PhaseMeasure, PhaseRecorder
from .search import link_one_latency, search_latency
from .synthetic import IncomingBatch, incoming_batch, portal_files_read, synthetic_batch

logger = logging.getLogger(__name__)

PROJECT_DIR = Path(__file__).resolve().parent.parent

# The product's speed bars: the whole import of the batch and one search.
IMPORT_SECONDS_BAR = 30.0
IMPORT_PEAK_MIB_BAR = 2048.0
SEARCH_P95_MS_BAR = 100.0

NOT_MEASURED_WITHOUT_DJANGO = (
    "the import's own read, match and store phases: this run skipped the Django import"
)


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.pipeline")
    parser.add_argument("--students", type=int, required=True, help="register students")
    parser.add_argument("--batch", type=int, required=True, help="incoming children")
    parser.add_argument("--seed", type=int, required=True, help="generator seed")
    parser.add_argument("--search-queries", type=int, default=100, help="searches timed")
    parser.add_argument(
        "--django", action="store_true", help="also import the batch through Django on SQLite"
    )
    parser.add_argument("--work-dir", type=Path, required=True, help="folder for the run's files")
    parser.add_argument("--result", type=Path, required=True, help="JSON file to write")
    return parser.parse_args(argv)


def _engine_phases(recorder: PhaseRecorder, index: MatchIndex, incoming: IncomingBatch):
    with recorder.phase("match", note="MatchIndex.link"):
        candidates = index.link(incoming.children)
    policy = DecisionPolicy()
    with recorder.phase("decide", note="decide, default policy"):
        return {
            child.record_id: decide(child, candidates.get(child.record_id, []), policy)
            for child in incoming.children
        }


def _django_phases(recorder: PhaseRecorder, generated, work_dir: Path, result: dict) -> None:
    """Import the batch through Django in a child process and add its phases and figures."""
    from .import_phases import FILES_NAME, RESULT_NAME, TRUTHS_NAME

    (work_dir / FILES_NAME).write_bytes(pickle.dumps(generated.files))
    (work_dir / TRUTHS_NAME).write_bytes(pickle.dumps(generated.truths))
    command = [sys.executable, "-m", "bench.import_phases", f"--work-dir={work_dir}"]
    subprocess.run(command, check=True, cwd=PROJECT_DIR)
    imported = json.loads((work_dir / RESULT_NAME).read_text(encoding="utf-8"))
    recorder.phases += [PhaseMeasure(**phase) for phase in imported["phases"]]
    result["import_states"] = imported["import_states"]
    result["import_accuracy"] = imported["import_accuracy"]


def _speed_check(result: dict) -> None:
    """Add the whole import's time and peak to the result, and the speed bars it misses."""
    from .import_phases import MATCH, READ, STORE

    failures = []
    search = result.get("search")
    if search and search["p95_ms"] >= SEARCH_P95_MS_BAR:
        failures.append(f"search p95 {search['p95_ms']:.0f} ms is not under 100 ms")
    imported = [phase for phase in result["phases"] if phase["name"] in (READ, MATCH, STORE)]
    if imported:
        seconds = sum(phase["seconds"] for phase in imported)
        peak = max(phase["peak_rss_mib"] for phase in imported)
        result["import_seconds"] = seconds
        result["import_peak_mib"] = peak
        if seconds > IMPORT_SECONDS_BAR:
            failures.append(f"the whole import took {seconds:.1f} s, more than 30 s")
        if peak >= IMPORT_PEAK_MIB_BAR:
            failures.append(f"the import's peak memory {peak:,.0f} MiB is not under 2 GiB")
    result["speed_failures"] = failures


def pipeline_run(
    *, students: int, batch: int, seed: int, work_dir: Path, search_queries: int, django: bool
) -> dict:
    """Run every phase once and return the figures as plain data."""
    recorder = PhaseRecorder()
    if django:
        from .import_phases import django_start

        django_start(work_dir)
    with recorder.phase("generate the synthetic LA", note="bench set-up, not the product"):
        generated = synthetic_batch(students=students, batch=batch, seed=seed)
    if django:
        from .register_load import register_bulk_load

        with recorder.phase("load the register into SQLite", note="bench set-up, bulk_create"):
            register_bulk_load(generated.la)

    with recorder.phase("build the match index", note="MatchIndex.replace_all, once per LA"):
        index = MatchIndex(work_dir / "match-index.duckdb")
        index.replace_all(generated.register)
    register_size = len(generated.register)
    generated.register = []

    with recorder.phase("parse", note="JSON decode alone, JSON files only"):
        for name, content in generated.files:
            if name.endswith(".json"):
                json.loads(content)
    with recorder.phase("parse and validate", note="read_portal_file on every file"):
        parsed_files = portal_files_read(generated.files)
    incoming = incoming_batch(parsed_files, generated)
    decisions = _engine_phases(recorder, index, incoming)

    report = accuracy_score(
        truths=incoming.truths, decisions=decisions, relatives=incoming.relatives
    )
    result = {
        "students": register_size,
        "batch": batch,
        "files": len(generated.files),
        "seed": seed,
        "invalid_incoming": incoming.invalid,
        "validity_disagreements": incoming.validity_disagreements,
        "parent_pairs": generated.parent_pairs,
        "relative_pairs": len(incoming.relatives),
        "same_student_in_file": same_student_in_file(decisions, incoming.files),
        "accuracy": accuracy_summary(report),
        "search": None,
        "phases_not_measured": [] if django else [NOT_MEASURED_WITHOUT_DJANGO],
    }
    if search_queries > 0:
        result["search"] = search_latency(index, incoming.children, count=search_queries, seed=seed)
    result["link_one_ms"] = link_one_latency(index, incoming.children)
    index.close()

    if django:
        _django_phases(recorder, generated, work_dir, result)
    result["phases"] = recorder.as_dicts()
    _speed_check(result)
    return result


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    arguments = _arguments(argv)
    result = pipeline_run(
        students=arguments.students,
        batch=arguments.batch,
        seed=arguments.seed,
        work_dir=arguments.work_dir,
        search_queries=arguments.search_queries,
        django=arguments.django,
    )
    arguments.result.write_text(json.dumps(result, indent=1, default=str), encoding="utf-8")
    logger.info("Pipeline finished: students=%d incoming=%d", result["students"], result["batch"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
