"""Run the matching benchmarks, print every figure and rewrite docs/benchmarks.md.

    python -m bench.run                    # FEBRL4, then 100,000 and 1,000,000 students
    python -m bench.run --quick            # 20,000 students, 2,000 incoming; page untouched

Each synthetic size runs in its own child process (bench.pipeline), so that
its peak memory is its own and a million-student run frees everything when
it ends. Only the --django-at size is also imported through Django, because
loading the register into SQLite takes longer than the import itself (about
a quarter of an hour at a million students). The exit status is 1 when a
synthetic run misses one of the product's accuracy or speed bars, after the
page is written.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

from .machine import machine_describe
from .report import report_markdown, report_write

PROJECT_DIR = Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = PROJECT_DIR / "docs" / "benchmarks.md"


def _sizes(value: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in value.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"invalid --sizes {value!r}: give whole numbers separated by commas"
        ) from None
    if not sizes or min(sizes) <= 0:
        raise argparse.ArgumentTypeError("--sizes needs at least one register size above 0")
    return sizes


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sizes",
        type=_sizes,
        default=[100_000, 1_000_000],
        help="register sizes in students, comma-separated (default 100000,1000000)",
    )
    parser.add_argument(
        "--batch", type=int, default=10_000, help="incoming children per batch (default 10000)"
    )
    parser.add_argument("--seed", type=int, default=2026, help="generator seed (default 2026)")
    parser.add_argument("--skip-febrl", action="store_true", help="do not run FEBRL4")

    parser.add_argument(
        "--search-queries",
        type=int,
        default=100,
        help="MatchIndex.search calls timed per size (default 100; 0 skips)",
    )
    parser.add_argument(
        "--django-at",
        type=int,
        default=1_000_000,
        help="register size whose batch is also imported through Django on SQLite "
        "(default 1000000; 0 skips the import)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="20,000 students and 2,000 incoming; prints only, unless --output is given",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=None,
        help=f"page to rewrite (default {DEFAULT_OUTPUT.relative_to(PROJECT_DIR)})",
    )

    arguments = parser.parse_args(argv)
    if arguments.quick:
        arguments.sizes = [20_000]
        arguments.batch = 2_000
        arguments.django_at = 20_000
    elif arguments.output is None:
        arguments.output = DEFAULT_OUTPUT
    return arguments


def _febrl() -> dict:
    from .febrl import febrl_link

    print("FEBRL4: linking set A against set B", flush=True)
    febrl = febrl_link()
    # asdict would turn the Counter's items into a Counter of pairs.
    reasons = dict(febrl.not_automatic_reasons.most_common())
    result = asdict(febrl)
    result["not_automatic_reasons"] = reasons
    print(
        f"FEBRL4: precision {result['precision']:.4f}, recall {result['recall']:.4f}, "
        f"F1 {result['f1']:.4f}",
        flush=True,
    )
    return result


def _synthetic(students: int, arguments: argparse.Namespace) -> dict:
    print(f"Synthetic LA: {students:,} students, {arguments.batch:,} incoming", flush=True)
    with tempfile.TemporaryDirectory(prefix="portal-bench-") as work_dir:
        result_path = Path(work_dir) / "result.json"
        command = [
            sys.executable,
            "-m",
            "bench.pipeline",
            f"--students={students}",
            f"--batch={arguments.batch}",
            f"--seed={arguments.seed}",
            f"--search-queries={arguments.search_queries}",
            f"--work-dir={work_dir}",
            f"--result={result_path}",
        ]
        if students == arguments.django_at:
            command.append("--django")
        subprocess.run(command, check=True, cwd=PROJECT_DIR)
        return json.loads(result_path.read_text(encoding="utf-8"))


def _source_version() -> str:
    """Describe the commit the run measured, and whether src/ had uncommitted changes."""
    git = ["git", "-C", str(PROJECT_DIR)]
    try:
        commit = subprocess.run(
            [*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        changes = subprocess.run(
            [*git, "status", "--porcelain", "--", "src"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown (not a git checkout)"
    return f"{commit} with uncommitted changes in src/" if changes else commit


def _command_line(argv: list[str] | None) -> str:
    given = sys.argv[1:] if argv is None else argv
    return " ".join(["python -m bench.run", *given])


def main(argv: list[str] | None = None) -> int:
    arguments = _arguments(argv)
    started = time.perf_counter()
    results = {
        "started": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "command": _command_line(argv),
        "seed": arguments.seed,
        "source": _source_version(),
        "machine": asdict(machine_describe()),
        "load_average_at_start": os.getloadavg(),
        "febrl": None if arguments.skip_febrl else _febrl(),
        "synthetic": [_synthetic(students, arguments) for students in arguments.sizes],
    }
    results["seconds"] = time.perf_counter() - started
    results["load_average"] = os.getloadavg()

    print(report_markdown(results))
    if arguments.output is not None:
        report_write(results, arguments.output)
        print(f"Wrote {arguments.output}")
    missed = [
        run for run in results["synthetic"] if run["accuracy"]["failures"] or run["speed_failures"]
    ]
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
