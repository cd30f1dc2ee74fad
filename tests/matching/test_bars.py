"""The four accuracy bars, on hand-made counts."""

from collections import Counter

import pytest

from portal_backoffice.matching.bars import BarThresholds, BenchmarkCounts, bars_check


def counts(**changes) -> BenchmarkCounts:
    """10,000 incoming, 9,000 held: 8,500 matched right, 498 of the other 500 in the first five."""
    values = {
        "incoming": 10_000,
        "held": 9_000,
        "automatic_wrong": 1,
        "held_automatic_right": 8_500,
        "held_not_automatic": 500,
        "held_not_automatic_in_top_five": 498,
        "relatives_automatic": 0,
    }
    values.update(changes)
    return BenchmarkCounts(**values)


def passed(result_counts: BenchmarkCounts, thresholds: BarThresholds | None = None) -> dict:
    return {result.name: result.passed for result in bars_check(result_counts, thresholds)}


def test_all_bars_pass_at_their_limits():
    results = passed(counts())

    assert results == {
        "wrong automatic matches": True,
        "held children matched automatically": True,
        "right student in the first five": True,
        "relatives matched automatically": True,
    }


def test_second_wrong_match_fails():
    results = passed(counts(automatic_wrong=2))

    assert results["wrong automatic matches"] is False
    assert results["held children matched automatically"] is True


def test_one_wrong_match_in_2000_fails():
    # 1 in 2,000 is 5 per 10,000.
    results = passed(counts(incoming=2_000, held=1_800, held_automatic_right=1_700))

    assert results["wrong automatic matches"] is False


def test_automatic_rate_below_92_percent_fails():
    assert passed(counts(held_automatic_right=8_280))["held children matched automatically"]
    assert not passed(counts(held_automatic_right=8_279))["held children matched automatically"]


def test_top_five_below_99_5_percent_fails():
    assert not passed(counts(held_not_automatic_in_top_five=497))["right student in the first five"]


def test_top_five_passes_with_none_left():
    result_counts = counts(held_not_automatic=0, held_not_automatic_in_top_five=0)

    assert result_counts.top_five_rate == 1.0
    assert passed(result_counts)["right student in the first five"]


def test_one_relative_fails():
    results = passed(counts(relatives_automatic=1))

    assert results["relatives matched automatically"] is False
    assert results["wrong automatic matches"] is True


def test_thresholds_change_the_limit():
    strict = BarThresholds(minimum_automatic_rate=0.95)

    assert not passed(counts(), strict)["held children matched automatically"]


def test_figures_name_counts_and_rates():
    wrong, automatic, top_five, relatives = bars_check(counts())

    assert wrong.figure == "1 of 10000 incoming (1.0 per 10,000)"
    assert automatic.figure == "8500 of 9000 (94.44%)"
    assert automatic.limit == "at least 92.00%"
    assert top_five.figure.startswith("498 of 500 ")
    assert relatives.figure == "0 twins, siblings or parents"


def test_empty_batch_rejected():
    with pytest.raises(ValueError, match="needs some of each"):
        bars_check(counts(held=0, held_automatic_right=0))


def test_counts_from_model_evaluate():
    outcome_counts = Counter(
        held_total=90,
        new_total=10,
        held_automatic_match=80,
        held_automatic_right=79,
        automatic_wrong=2,
        automatic_relative=1,
        held_not_automatic_in_top_five=9,
    )

    result = BenchmarkCounts.from_outcome_counts(outcome_counts)

    assert result.incoming == 100
    assert result.held == 90
    assert result.held_automatic_right == 79
    assert result.held_not_automatic == 10
    assert result.held_not_automatic_in_top_five == 9
    assert result.automatic_wrong == 2
    assert result.relatives_automatic == 1
