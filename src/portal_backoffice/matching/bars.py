"""The accuracy bars a model must meet on a synthetic LA before it may become active.

A held child is an incoming child the register already holds. The four bars:

- at most 1 wrong automatic match per 10,000 incoming children;
- at least 92% of held children matched automatically to the right student;
- the right student among the first five possible matches for at least
  99.5% of the held children not matched automatically;
- no twin, sibling or parent matched automatically.

bench/accuracy.py applies the same four bars to the product benchmark.
"""

from collections import Counter
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class BarThresholds:
    """The limits of the four bars."""

    maximum_wrong_per_10000: float = 1.0
    minimum_automatic_rate: float = 0.92
    minimum_top_five_rate: float = 0.995
    maximum_relatives_automatic: int = 0


@dataclass(frozen=True, slots=True)
class BenchmarkCounts:
    """Counts of a model's decisions on a labelled synthetic batch, by outcome."""

    incoming: int
    held: int
    # Automatic matches to anyone other than the true student, held or new children.
    automatic_wrong: int
    held_automatic_right: int
    # Held children not matched automatically, left for an officer.
    held_not_automatic: int
    held_not_automatic_in_top_five: int
    # Automatic matches to a twin, sibling or parent of the incoming child.
    relatives_automatic: int

    @classmethod
    def from_outcome_counts(cls, counts: Counter) -> "BenchmarkCounts":
        """Read the counts that train.model_evaluate returns."""
        held = counts["held_total"]
        held_automatic = counts["held_automatic_match"]
        return cls(
            incoming=counts["held_total"] + counts["new_total"],
            held=held,
            automatic_wrong=counts["automatic_wrong"],
            held_automatic_right=counts["held_automatic_right"],
            held_not_automatic=held - held_automatic,
            held_not_automatic_in_top_five=counts["held_not_automatic_in_top_five"],
            relatives_automatic=counts["automatic_relative"],
        )

    @property
    def wrong_per_10000(self) -> float:
        return 10_000 * self.automatic_wrong / self.incoming

    @property
    def automatic_rate(self) -> float:
        return self.held_automatic_right / self.held

    @property
    def top_five_rate(self) -> float:
        # With every held child matched automatically, no officer needs a list.
        if self.held_not_automatic == 0:
            return 1.0
        return self.held_not_automatic_in_top_five / self.held_not_automatic


@dataclass(frozen=True, slots=True)
class BarResult:
    """One bar: its name, the measured figure and the limit, in words, and whether it passed."""

    name: str
    figure: str
    limit: str
    passed: bool


def bars_check(counts: BenchmarkCounts, thresholds: BarThresholds | None = None) -> list[BarResult]:
    """Compare the counts with each bar, in the order the module docstring lists them.

    Raises ValueError when the batch has no incoming or no held children,
    because then the rates are undefined.
    """
    thresholds = thresholds or BarThresholds()
    if counts.incoming == 0 or counts.held == 0:
        raise ValueError(
            f"The benchmark batch has {counts.incoming} incoming and {counts.held} held "
            "children; it needs some of each. Raise the number of incoming children."
        )
    return [
        BarResult(
            name="wrong automatic matches",
            figure=(
                f"{counts.automatic_wrong} of {counts.incoming} incoming "
                f"({counts.wrong_per_10000:.1f} per 10,000)"
            ),
            limit=f"at most {thresholds.maximum_wrong_per_10000:g} per 10,000",
            passed=counts.wrong_per_10000 <= thresholds.maximum_wrong_per_10000,
        ),
        BarResult(
            name="held children matched automatically",
            figure=(
                f"{counts.held_automatic_right} of {counts.held} ({counts.automatic_rate:.2%})"
            ),
            limit=f"at least {thresholds.minimum_automatic_rate:.2%}",
            passed=counts.automatic_rate >= thresholds.minimum_automatic_rate,
        ),
        BarResult(
            name="right student in the first five",
            figure=(
                f"{counts.held_not_automatic_in_top_five} of {counts.held_not_automatic} "
                f"held children not matched automatically ({counts.top_five_rate:.2%})"
            ),
            limit=f"at least {thresholds.minimum_top_five_rate:.2%}",
            passed=counts.top_five_rate >= thresholds.minimum_top_five_rate,
        ),
        BarResult(
            name="relatives matched automatically",
            figure=f"{counts.relatives_automatic} twins, siblings or parents",
            limit=f"at most {thresholds.maximum_relatives_automatic}",
            passed=counts.relatives_automatic <= thresholds.maximum_relatives_automatic,
        ),
    ]
