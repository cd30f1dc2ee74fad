"""The machine and software versions a benchmark ran on, for the record."""

import os
import platform
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version

_PACKAGES = ("splink", "duckdb", "pyarrow", "sqlglot", "django")


@dataclass(frozen=True, slots=True)
class Machine:
    cpu_model: str
    cores: int
    memory_gb: float
    python: str
    packages: dict[str, str]


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gb() -> float:
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            for line in meminfo:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return 0.0


def _package_version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def machine_describe() -> Machine:
    """Describe this machine from /proc and the installed package metadata."""
    return Machine(
        cpu_model=_cpu_model(),
        cores=os.cpu_count() or 0,
        memory_gb=_memory_gb(),
        python=platform.python_version(),
        packages={name: _package_version(name) for name in _PACKAGES},
    )
