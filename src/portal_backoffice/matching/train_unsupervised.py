"""Train a model without labels: u by random sampling, m by expectation maximisation.

This is how a model is trained where no staff decisions exist yet, such as
a declared record type on a benchmark file. u comes from random pairs of
register records, who are all different people, as train.py does. m comes
from Splink's expectation maximisation on incoming-register pairs, one
session per training rule. A session cannot estimate the comparisons its
rule joins on, so each comparison needs some rule that leaves it out.
"""

import logging
from collections.abc import Sequence
from copy import deepcopy
from typing import Any

import duckdb
import pyarrow as pa
from splink import DuckDBAPI, Linker

from .model import MatchModel
from .train import MINIMUM_PROBABILITY, u_from_random_pairs

logger = logging.getLogger(__name__)


def model_train_unsupervised(
    *,
    register: pa.Table,
    incoming: pa.Table,
    base: MatchModel,
    version: str,
    training_rules: Sequence[str],
    max_pairs: float = 1e6,
    seed: int = 1,
) -> MatchModel:
    """Estimate u and m without labels, and return the new model.

    register and incoming are match-key tables of the base model's columns.
    training_rules are SQL blocking conditions on l and r, one EM session
    each. The prior, the blocking rules and any level marked fix_m_probability
    or fix_u_probability stay the base model's.
    """
    if not training_rules:
        raise ValueError(
            "training_rules is empty: give at least one blocking condition for expectation "
            "maximisation, such as 'l.surname = r.surname'."
        )
    u_settings = u_from_random_pairs(register, base, max_pairs=max_pairs, seed=seed)
    m_settings = _m_by_expectation_maximisation(register, incoming, u_settings, training_rules)

    settings = deepcopy(base.settings)
    for comparison, trained in zip(settings["comparisons"], m_settings["comparisons"], strict=True):
        for level, trained_level in zip(
            comparison["comparison_levels"], trained["comparison_levels"], strict=True
        ):
            if level.get("is_null_level"):
                continue
            for key, floor in MINIMUM_PROBABILITY.items():
                if level.get(f"fix_{key}"):
                    continue
                value = trained_level.get(key, level[key])
                level[key] = min(max(value, floor), 1 - floor)

    note = (
        f"u from {max_pairs:.0f} random pairs of register records, m by expectation "
        f"maximisation over {len(training_rules)} training rules, no labels; "
        f"trained from {base.version}"
    )
    return MatchModel(version=version, settings=settings, note=note)


def _m_by_expectation_maximisation(
    register: pa.Table,
    incoming: pa.Table,
    settings: dict[str, Any],
    training_rules: Sequence[str],
) -> dict[str, Any]:
    """Run one EM session per rule with u held fixed, and return the settings with m."""
    con = duckdb.connect(":memory:")
    db_api = DuckDBAPI(con)
    incoming_sdf = db_api.register(incoming, dataset_display_name="incoming")
    register_sdf = db_api.register(register, dataset_display_name="register")
    linker = Linker(
        [incoming_sdf, register_sdf],
        {**deepcopy(settings), "link_type": "link_only"},
        log_level=None,
    )
    for number, rule in enumerate(training_rules, start=1):
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, fix_u_probabilities=True
        )
        logger.info(
            "Expectation maximisation finished for training rule %d of %d",
            number,
            len(training_rules),
        )
    trained = linker.misc.save_model_to_json()
    con.close()
    return trained
