"""The display values the review pages show."""

import datetime

import pytest

from portal_backoffice.review import presenters


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime.date(2016, 9, 9), "9 September 2016"),
        (datetime.date(2021, 12, 31), "31 December 2021"),
        (None, "Not given"),
    ],
)
def test_uk_date(value, expected):
    assert presenters.uk_date(value) == expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [("M", "Male"), ("F", "Female"), ("U", "Unknown"), ("", "Not given")],
)
def test_gender_word(code, expected):
    assert presenters.gender_word(code) == expected


@pytest.mark.parametrize(
    ("probability", "expected"),
    [
        (0.93, "93.0%"),
        (0.1234, "12.3%"),
        (1.0, "100.0%"),
        (0.99999, "more than 99.9%"),
        (0.0, "0.0%"),
        (0.0001, "less than 0.1%"),
    ],
)
def test_score_percentage(probability, expected):
    assert presenters.score_percentage(probability) == expected


@pytest.mark.parametrize(
    ("weight", "expected"),
    [(6.14, "+6.1"), (0.0, "+0.0"), (-3.25, "\u22123.2")],
)
def test_weight_text(weight, expected):
    assert presenters.weight_text(weight) == expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [("R", "Reception"), ("2", "Year 2"), ("N1", "N1"), ("", "Not given")],
)
def test_ncy_label(code, expected):
    assert presenters.ncy_label(code) == expected
