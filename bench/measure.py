"""Wall time and peak resident memory of each phase of a run.

Python's tracemalloc misses DuckDB's own allocations, so memory is read from
the kernel: Linux keeps a resident-set high-water mark per process (VmHWM in
/proc/self/status), and writing 5 to /proc/self/clear_refs resets it. Each
phase therefore reports the peak resident memory of the whole process while
it ran, which includes whatever earlier phases left in memory.
"""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field


@dataclass(slots=True)
class PhaseMeasure:
    name: str
    seconds: float
    # Resident memory of the process when the phase started and its peak
    # during the phase, in MiB.
    start_rss_mib: float
    peak_rss_mib: float
    note: str = ""


def _status_kib(key: str) -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    raise RuntimeError(f"{key} is missing from /proc/self/status")


def peak_reset() -> bool:
    """Reset the process's peak resident memory; return False where the kernel refuses."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as clear_refs:
            clear_refs.write("5")
    except OSError:
        return False
    return True


def resident_mib() -> float:
    return _status_kib("VmRSS") / 1024


def peak_mib() -> float:
    return _status_kib("VmHWM") / 1024


@dataclass(slots=True)
class PhaseRecorder:
    """Collects one PhaseMeasure per `with recorder.phase(name):` block."""

    phases: list[PhaseMeasure] = field(default_factory=list)

    @contextmanager
    def phase(self, name: str, note: str = "") -> Iterator[None]:
        reset = peak_reset()
        start_rss = _status_kib("VmRSS")
        started = time.perf_counter()
        yield
        seconds = time.perf_counter() - started
        peak_rss = _status_kib("VmHWM")
        if not reset:
            # NOTE: without clear_refs the peak is the process's peak so far,
            # not this phase's.
            note = (note + " (peak since process start)").strip()
        self.phases.append(PhaseMeasure(name, seconds, start_rss / 1024, peak_rss / 1024, note))

    def as_dicts(self) -> list[dict]:
        return [asdict(phase) for phase in self.phases]
