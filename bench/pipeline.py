"""One synthetic-LA run in its own process: generate, index, read, match, decide, score.

bench.run starts this module once per register size and reads the JSON it
writes to --result. Every phase is timed and its peak memory read from the
kernel (see bench.measure).
"""

import argparse
import json
import logging
import sys
from pathlib import Path

from portal_backoffice.matching import MatchIndex, decide
from portal_backoffice.matching.records import DecisionPolicy

from .accuracy import accuracy_score, accuracy_summary
from .measure import PhaseRecorder
from .search import search_latency
from .synthetic import incoming_batch, portal_files_read, synthetic_batch

logger = logging.getLogger(__name__)


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.pipeline")
    parser.add_argument("--students", type=int, required=True)
    parser.add_argument("--batch", type=int, required=True)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--search-queries", type=int, default=100)
    parser.add_argument("--work-dir", type=Path, required=True)
    parser.add_argument("--result", type=Path, required=True)
    return parser.parse_args(argv)


def pipeline_run(*, students: int, batch: int, seed: int, work_dir: Path, search_queries: int):
    """Run every phase once and return the figures as plain data."""
    recorder = PhaseRecorder()
    with recorder.phase("generate the synthetic LA", note="bench set-up, not the product"):
        generated = synthetic_batch(students=students, batch=batch, seed=seed)

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

    with recorder.phase("match", note="MatchIndex.link"):
        candidates = index.link(incoming.children)
    policy = DecisionPolicy()
    with recorder.phase("decide", note="decide, default policy"):
        decisions = {
            child.record_id: decide(child, candidates.get(child.record_id, []), policy)
            for child in incoming.children
        }

    report = accuracy_score(
        truths=incoming.truths, decisions=decisions, relatives=incoming.relatives
    )
    search = None
    if search_queries > 0:
        search = search_latency(index, incoming.children, count=search_queries, seed=seed)

    return {
        "students": register_size,
        "batch": batch,
        "files": len(generated.files),
        "seed": seed,
        "invalid_incoming": incoming.invalid,
        "validity_disagreements": incoming.validity_disagreements,
        "parent_pairs": generated.parent_pairs,
        "relative_pairs": len(incoming.relatives),
        "accuracy": accuracy_summary(report),
        "phases": recorder.as_dicts(),
        "phases_not_measured": [
            "store and persist: they run inside the Django import, which bench.pipeline "
            "does not call"
        ],
        "search": search,
    }


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    arguments = _arguments(argv)
    result = pipeline_run(
        students=arguments.students,
        batch=arguments.batch,
        seed=arguments.seed,
        work_dir=arguments.work_dir,
        search_queries=arguments.search_queries,
    )
    arguments.result.write_text(json.dumps(result, indent=1, default=str), encoding="utf-8")
    logger.info("Pipeline finished: students=%d incoming=%d", result["students"], result["batch"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
