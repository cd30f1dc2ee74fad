"""Fast weighted choice for generating millions of records."""

import bisect
import itertools
import random
from collections.abc import Sequence


def zipf_weights(count: int, exponent: float = 1.0) -> list[float]:
    """Weights that fall with rank: the first item is the most common."""
    return [1.0 / (rank**exponent) for rank in range(1, count + 1)]


class WeightedChoice:
    """Draws items with fixed weights, by bisecting cumulative weights once per draw."""

    __slots__ = ("items", "_cumulative", "_total")

    def __init__(self, items: Sequence, weights: Sequence[float]) -> None:
        if len(items) != len(weights) or not items:
            raise ValueError("WeightedChoice needs one weight per item and at least one item")
        self.items = list(items)
        self._cumulative = list(itertools.accumulate(weights))
        self._total = self._cumulative[-1]

    def __call__(self, rng: random.Random):
        index = bisect.bisect_right(self._cumulative, rng.random() * self._total)
        return self.items[min(index, len(self.items) - 1)]

    def __len__(self) -> int:
        return len(self.items)
