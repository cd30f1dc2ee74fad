"""Training without labels: u from random register pairs, m by expectation maximisation."""

import random
import string

import pytest

from portal_backoffice.matching.declared import (
    DeclaredColumn,
    DeclaredRecord,
    RecordType,
    Role,
)
from portal_backoffice.matching.train_unsupervised import model_train_unsupervised

PERSON = RecordType(
    "person",
    (
        DeclaredColumn("national_id", Role.IDENTIFIER, "National id", blocking=True),
        DeclaredColumn("given_name", Role.NAME, "Given name", blocking=True),
        DeclaredColumn("family_name", Role.NAME, "Family name", blocking=True),
        DeclaredColumn("birth_date", Role.DATE, "Date of birth", blocking=True),
    ),
)
PEOPLE = 400


def _made_up_name(rng: random.Random) -> str:
    return "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(4, 8)))


def _typo(rng: random.Random, text: str) -> str:
    position = rng.randrange(len(text))
    return text[:position] + rng.choice(string.ascii_lowercase) + text[position + 1 :]


def _people(seed: int) -> tuple[list[DeclaredRecord], list[DeclaredRecord]]:
    """Make register people and, for each, an incoming copy with one field mistyped."""
    rng = random.Random(seed)
    register, incoming = [], []
    for number in range(PEOPLE):
        values = {
            "national_id": str(rng.randint(1_000_000, 9_999_999)),
            "given_name": _made_up_name(rng),
            "family_name": _made_up_name(rng),
            "birth_date": f"{rng.randint(1930, 2000)}{rng.randint(1, 12):02d}"
            f"{rng.randint(1, 28):02d}",
        }
        register.append(DeclaredRecord(number, values))
        copy = dict(values)
        field = rng.choice(["national_id", "given_name", "family_name"])
        copy[field] = _typo(rng, copy[field])
        incoming.append(DeclaredRecord(10_000 + number, copy))
    return register, incoming


def _level(model, comparison: str, label: str) -> dict:
    for found in model.settings["comparisons"]:
        if found["output_column_name"] != comparison:
            continue
        for level in found["comparison_levels"]:
            if level["label_for_charts"] == label:
                return level
    raise KeyError((comparison, label))


@pytest.fixture(scope="module")
def trained():
    register, incoming = _people(seed=7)
    return model_train_unsupervised(
        register=PERSON.keys_table(register),
        incoming=PERSON.keys_table(incoming),
        base=PERSON.starting_model("person-start"),
        version="person-trained",
        training_rules=["l.given_name = r.given_name", "l.birth_date = r.birth_date"],
        max_pairs=50_000,
        seed=3,
    )


def test_trained_model_keeps_version_and_rules(trained):
    assert trained.version == "person-trained"
    assert "no labels" in trained.note
    assert trained.settings["blocking_rules_to_generate_predictions"] == (PERSON.blocking_rules())


def test_trained_m_learns_typo_rate(trained):
    # A third of the copies have a mistyped given name, where the start guessed 0.08.
    typo_m = _level(trained, "given_name", "typo")["m_probability"]

    assert 0.2 < typo_m < 0.5


def test_trained_u_of_exact_id_is_rare(trained):
    # 400 random seven-digit numbers almost never repeat.
    assert _level(trained, "national_id", "exact")["u_probability"] < 1e-3


def test_trained_probabilities_stay_inside_zero_and_one(trained):
    for comparison in trained.settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                continue
            assert 0 < level["m_probability"] < 1
            assert 0 < level["u_probability"] < 1


def test_training_needs_a_rule():
    register, incoming = _people(seed=7)

    with pytest.raises(ValueError, match="training_rules is empty"):
        model_train_unsupervised(
            register=PERSON.keys_table(register),
            incoming=PERSON.keys_table(incoming),
            base=PERSON.starting_model("person-start"),
            version="person-trained",
            training_rules=[],
        )


def test_training_keeps_fixed_levels():
    register, incoming = _people(seed=7)
    base = PERSON.starting_model("person-start")
    fixed = _level(base, "given_name", "typo")
    fixed["fix_m_probability"] = True
    fixed["fix_u_probability"] = True

    trained = model_train_unsupervised(
        register=PERSON.keys_table(register),
        incoming=PERSON.keys_table(incoming),
        base=base,
        version="person-trained",
        training_rules=["l.birth_date = r.birth_date"],
        max_pairs=50_000,
    )

    assert _level(trained, "given_name", "typo")["m_probability"] == fixed["m_probability"]
    assert _level(trained, "given_name", "typo")["u_probability"] == fixed["u_probability"]
