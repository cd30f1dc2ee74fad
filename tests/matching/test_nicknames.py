"""Forename short forms and spellings, and surname spellings, share keys."""

import pytest

from portal_backoffice.matching.nicknames import (
    are_equivalent_forenames,
    forename_keys,
    surname_key,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Alfie", "Alfred"),
        ("Bill", "William"),
        ("Kate", "Katherine"),
        ("Katie", "Kate"),
        ("Mo", "Mohammed"),
        ("Mohammed", "Muhammad"),
        ("Mohamed", "Mohammad"),
        ("Yusuf", "Yousef"),
        ("ALEX", "alexandra"),
        ("Alex", "Alexander"),
        ("Łucja", "Lucy"),
    ],
)
def test_forenames_equivalent(a, b):
    assert are_equivalent_forenames(a, b)


@pytest.mark.parametrize(
    ("a", "b"), [("Isla", "Ivy"), ("Oliver", "Olivia"), ("Alexander", "Alexandra")]
)
def test_forenames_not_equivalent(a, b):
    assert not are_equivalent_forenames(a, b)


def test_unknown_forename_is_its_own_key():
    assert forename_keys("Zephyrine") == ("zephyrine",)


def test_placeholder_forename_has_no_key():
    assert forename_keys("Baby Girl") == ()
    assert not are_equivalent_forenames("Baby", "Baby")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Rahman", "Rehman"),
        ("Chowdhury", "Chaudhry"),
        ("Hussain", "Hussein"),
        ("MacDonald", "McDonald"),
    ],
)
def test_surname_spellings_share_key(a, b):
    assert surname_key(a) == surname_key(b)


def test_other_surnames_keep_own_key():
    assert surname_key("Penrose") == "penrose"
    assert surname_key("Penrose") != surname_key("Penhallow")
