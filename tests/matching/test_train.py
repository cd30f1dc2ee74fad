"""Training on a small synthetic LA keeps the model's fixed parts and sane probabilities."""

import math

import pytest

from portal_backoffice.matching.comparisons import FORENAME_DIFFERENT_M
from portal_backoffice.matching.model import MatchModel
from portal_backoffice.matching.records import DecisionPolicy
from portal_backoffice.matching.synthetic_data import labelled_batch
from portal_backoffice.matching.train import model_evaluate, model_fit, model_train


@pytest.fixture(scope="module")
def batch():
    return labelled_batch(seed=5, students=3000, incoming=400)


@pytest.fixture(scope="module")
def fitted(batch):
    labels = {incoming: student for incoming, student in batch.truth.items() if student}
    return model_fit(
        register=batch.register,
        incoming=batch.incoming,
        labels=labels,
        version="child-test",
        max_pairs=2e5,
    )


@pytest.fixture(scope="module")
def trained(fitted):
    return fitted.model


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


def test_no_labels_keeps_every_base_m(batch):
    base = MatchModel.default()

    result = model_fit(
        register=batch.register,
        incoming=[],
        labels={},
        version="child-unlabelled",
        base=base,
        max_pairs=2e5,
    )

    for comparison in base.comparison_names:
        for label, level in _levels(base, comparison).items():
            if label == "null" or level.get("fix_m_probability"):
                assert f"{comparison}: {label}" not in result.base_m_levels
                continue
            assert f"{comparison}: {label}" in result.base_m_levels
            trained_m = _levels(result.model, comparison)[label]["m_probability"]
            # _keep_levels_in_order may lower an m but never raises one.
            assert trained_m <= level["m_probability"], (comparison, label)


def test_labels_enough_for_exact_levels(fitted):
    assert "forename: exact" not in fitted.base_m_levels
    assert "date_of_birth: exact" not in fitted.base_m_levels


def test_model_train_matches_model_fit(batch, fitted):
    labels = {incoming: student for incoming, student in batch.truth.items() if student}

    trained = model_train(
        register=batch.register,
        incoming=batch.incoming,
        labels=labels,
        version="child-test",
        max_pairs=2e5,
    )

    assert trained.settings == fitted.model.settings


def test_evaluate_splits_automatic_matches(trained, batch):
    counts = model_evaluate(trained, batch, DecisionPolicy())

    held_wrong = counts["held_automatic_match"] - counts["held_automatic_right"]
    assert 0 <= held_wrong <= counts["automatic_wrong"]
    held_left = counts["held_total"] - counts["held_automatic_match"]
    assert counts["held_not_automatic_in_top_five"] <= held_left
    assert counts["held_not_automatic_in_top_five"] >= counts["review_right_in_top_five"]
