"""The Django import of a portal batch on SQLite, split into its three phases.

bench.pipeline loads the register into SQLite, then runs this module in a
child process of its own: python -m bench.import_phases --work-dir DIR. So
the peak memory measured is the import's, not the generator's, whose
million-student LA stays in the parent.

The batch is imported as manage.py import does it: in groups of files of at
most PORTAL_MAX_UPLOAD_BYTES in all. incoming_files_prepare reads, validates
and matches a group with nothing written, and calls its progress callback
with (0, n) once the children are read and before any is matched.
incoming_files_store then writes the group in one transaction. Those points
split each group's import into three phases; the times of the groups are
added up and their peaks maxed.
"""

import argparse
import json
import os
import pickle
import sys
import time
from collections import Counter
from dataclasses import asdict
from pathlib import Path

from .accuracy import IncomingTruth
from .measure import PhaseMeasure, PhaseRecorder, peak_mib, peak_reset, resident_mib

# The files the parent writes for the child process, and the result it reads.
FILES_NAME = "import-files.pickle"
TRUTHS_NAME = "import-truths.pickle"
RESULT_NAME = "import-result.json"

READ = "read and validate in the import (read_portal_file, nothing written)"
MATCH = "match, decide and work out automatic links (nothing written)"
STORE = "store in one transaction (children, possible matches, links, differences, audit)"


def django_start(work_dir: Path) -> None:
    """Set Django up on a new SQLite database and match index under work_dir."""
    os.environ["PORTAL_DEMO"] = "1"
    os.environ["PORTAL_VAR_DIR"] = str(work_dir)
    os.environ["PORTAL_MATCH_INDEX_PATH"] = str(work_dir / "match-index.duckdb")
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal_backoffice.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


class _GroupClock:
    """Seconds and peak MiB of the read, match and store phases of one group's import."""

    def __init__(self) -> None:
        peak_reset()
        self._last = time.perf_counter()
        self.phases: list[tuple[float, float]] = []

    def lap(self) -> None:
        now = time.perf_counter()
        self.phases.append((now - self._last, peak_mib()))
        self._last = now
        peak_reset()

    def progress(self, done: int, total: int) -> None:
        if not self.phases:
            self.lap()


def import_batch(files: list[tuple[str, bytes]]) -> tuple[list[PhaseMeasure], dict]:
    """Import every file and return the three phases' measures and the counts per state."""
    from django.db import transaction

    from portal_backoffice.intake.services.importing import (
        import_groups,
        incoming_files_prepare,
        incoming_files_store,
    )
    from portal_backoffice.intake.services.match_index import match_index_locked

    names = (READ, MATCH, STORE)
    seconds = dict.fromkeys(names, 0.0)
    peaks = dict.fromkeys(names, 0.0)
    start_rss = resident_mib()
    states: Counter = Counter()
    groups = list(import_groups(files, size=lambda file: len(file[1])))
    # As manage.py import does, the index stays open for the whole batch.
    with match_index_locked():
        for group in groups:
            clock = _GroupClock()
            prepared = incoming_files_prepare(group, progress=clock.progress)
            if prepared.rejected:
                raise RuntimeError(f"{len(prepared.rejected)} benchmark files were rejected")
            if not clock.phases:
                clock.lap()
            clock.lap()
            with transaction.atomic():
                results = incoming_files_store(prepared)
            clock.lap()
            for result in results:
                states.update(result.counts)
            for phase, (taken, peak) in zip(names, clock.phases, strict=True):
                seconds[phase] += taken
                peaks[phase] = max(peaks[phase], peak)

    note = f"{len(files)} files in {len(groups)} groups"
    measures = [
        PhaseMeasure(phase, seconds[phase], start_rss, peaks[phase], note) for phase in names
    ]
    return measures, dict(states)


def import_accuracy(truths: dict[tuple[str, int], IncomingTruth]) -> dict:
    """Compare what the import matched automatically with the truth of each child."""
    from portal_backoffice.intake.models import IncomingStudent
    from portal_backoffice.intake.models.choices import MatchMethod

    rows = IncomingStudent.objects.filter(match_method=MatchMethod.AUTOMATIC).values_list(
        "incoming_file__file_id", "record_number", "matched_student_id"
    )
    automatic = wrong = 0
    for file_id, record_number, student_id in rows:
        automatic += 1
        wrong += truths[(file_id, record_number)].student_id != student_id
    held = sum(1 for truth in truths.values() if truth.student_id is not None and not truth.invalid)
    return {
        "automatic": automatic,
        "wrong": wrong,
        "held_valid": held,
        "automatic_rate": (automatic - wrong) / held if held else 0.0,
    }


def import_run(work_dir: Path) -> dict:
    """Rebuild the index from the register in work_dir, import the batch and score it."""
    django_start(work_dir)
    from portal_backoffice.intake.services.match_index import match_index_rebuild

    files = pickle.loads((work_dir / FILES_NAME).read_bytes())  # noqa: S301 (our own file)
    truths = pickle.loads((work_dir / TRUTHS_NAME).read_bytes())  # noqa: S301 (our own file)
    recorder = PhaseRecorder()
    # The engine phases indexed the generator's records, whose base is a DfE
    # number. The product indexes the register it stores, as after load_register.
    with recorder.phase(
        "rebuild the match index from the register", note="match_index_rebuild, set-up"
    ):
        match_index_rebuild()
    measures, states = import_batch(files)
    return {
        "phases": [*recorder.as_dicts(), *(asdict(measure) for measure in measures)],
        "import_states": states,
        "import_accuracy": import_accuracy(truths),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.import_phases")
    parser.add_argument("--work-dir", type=Path, required=True, help="folder of the run")
    arguments = parser.parse_args(argv)
    result = import_run(arguments.work_dir)
    (arguments.work_dir / RESULT_NAME).write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
