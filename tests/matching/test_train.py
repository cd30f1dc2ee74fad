"""Training on a small synthetic LA keeps the model's fixed parts and sane probabilities."""

import math

import pytest

from portal_backoffice.matching.comparisons import FORENAME_DIFFERENT_M
from portal_backoffice.matching.model import MatchModel
from portal_backoffice.matching.records import DecisionPolicy
from portal_backoffice.matching.synthetic_data import labelled_batch
from portal_backoffice.matching.train import model_evaluate, model_train


@pytest.fixture(scope="module")
def batch():
    return labelled_batch(seed=5, students=3000, incoming=400)


@pytest.fixture(scope="module")
def trained(batch):
    labels = {incoming: student for incoming, student in batch.truth.items() if student}
    return model_train(
        register=batch.register,
        incoming=batch.incoming,
        labels=labels,
        version="child-test",
        max_pairs=2e5,
    )


def _levels(model, comparison):
    for item in model.settings["comparisons"]:
        if item["output_column_name"] == comparison:
            return {level["label_for_charts"]: level for level in item["comparison_levels"]}
    raise KeyError(comparison)


def test_trained_model_keeps_version_and_rules(trained):
    assert trained.version == "child-test"
    assert (
        trained.settings["blocking_rules_to_generate_predictions"]
        == (MatchModel.hand_set().settings["blocking_rules_to_generate_predictions"])
    )


def test_forename_different_m_stays_fixed(trained):
    assert _levels(trained, "forename")["different"]["m_probability"] == FORENAME_DIFFERENT_M


def test_probabilities_strictly_between_0_and_1(trained):
    for comparison in trained.comparison_names:
        for label, level in _levels(trained, comparison).items():
            if label == "null":
                continue
            assert 0 < level["m_probability"] < 1, (comparison, label)
            assert 0 < level["u_probability"] < 1, (comparison, label)


def test_no_level_outweighs_exact_name(trained):
    for comparison in ("forename", "surname"):
        levels = _levels(trained, comparison)
        exact = math.log2(levels["exact"]["m_probability"] / levels["exact"]["u_probability"])
        for label, level in levels.items():
            if label in ("null", "exact"):
                continue
            assert math.log2(level["m_probability"] / level["u_probability"]) < exact, label


def test_trained_model_matches_without_wrong_automatic_match(trained, batch):
    counts = model_evaluate(trained, batch, DecisionPolicy())

    assert counts["automatic_wrong"] == 0
    assert counts["held_automatic_match"] > 0.8 * counts["held_total"]
