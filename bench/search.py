"""Latency of one MatchIndex.search call, as the Possible Matches page makes it,
and of one MatchIndex.link call on a single child."""

import random
import statistics
import time
from collections.abc import Sequence

from portal_backoffice.matching.records import ChildRecord

SEARCH_LIMIT = 10


def _percentile(sorted_values: list[float], fraction: float) -> float:
    # Nearest-rank percentile: enough for 100 samples.
    rank = max(1, round(fraction * len(sorted_values)))
    return sorted_values[rank - 1]


def link_one_latency(index, children: Sequence[ChildRecord], *, count: int = 5) -> float:
    """Return the median ms of MatchIndex.link on one child: the fixed cost of each call."""
    timings = []
    for child in children[:count]:
        started = time.perf_counter()
        index.link([child])
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def search_latency(index, queries: Sequence[ChildRecord], *, count: int, seed: int) -> dict:
    """Time count searches for children drawn from queries; return p50, p95 and maximum in ms."""
    chosen = random.Random(seed).sample(list(queries), min(count, len(queries)))
    index.search(chosen[0], SEARCH_LIMIT)

    timings = []
    for query in chosen:
        started = time.perf_counter()
        index.search(query, SEARCH_LIMIT)
        timings.append((time.perf_counter() - started) * 1000)

    timings.sort()
    return {
        "queries": len(timings),
        "limit": SEARCH_LIMIT,
        "p50_ms": statistics.median(timings),
        "p95_ms": _percentile(timings, 0.95),
        "max_ms": timings[-1],
        "note": "one warm-up call first, not counted",
    }
