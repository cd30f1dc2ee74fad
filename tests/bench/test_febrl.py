"""FEBRL4 links through the product's matcher at the F1 the benchmark reaches.

The whole benchmark runs: unsupervised training on FEBRL4, MatchIndex.link
and the one-to-one assignment, plus the child model for comparison. It took
about 20 s on the project's 2-core machine. The floors are the figures
measured with splink 5.0.0, so any loss of accuracy fails the test.
"""

import pytest
from bench.febrl import FEBRL_TYPE, febrl_link, febrl_records

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def result():
    return febrl_link()


def test_febrl_f1_stays_at_measured_level(result):
    assert result.f1 >= 0.9995


def test_febrl_keeps_no_wrong_pair(result):
    assert result.correct == result.automatic


def test_febrl_recall_stays_at_measured_level(result):
    assert result.correct >= 4_996


def test_febrl_blocking_finds_true_pairs(result):
    assert result.true_pair_linked >= 4_996


def test_febrl_precision_first_threshold_holds(result):
    assert result.strict_precision == 1.0
    assert result.strict_f1 >= 0.999


def test_febrl_training_uses_no_labels(result):
    assert "no labels" in result.training_note
    assert result.model_version == "febrl-v1"


def test_febrl_records_map_street_and_ids():
    incoming, register = febrl_records()

    assert len(incoming) == 5_000
    assert len(register) == 5_000
    assert all(record.record_id >= 1_000_000 for record in incoming)
    assert all(record.record_id < 1_000_000 for record in register)
    keys = FEBRL_TYPE.record_keys(incoming[0])
    assert keys["address"]
    assert set(keys) == {"unique_id", *(column.name for column in FEBRL_TYPE.columns)}
