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


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        # Europe/London is an hour ahead of UTC in summer.
        (datetime.datetime(2016, 9, 9, 13, 5, tzinfo=datetime.UTC), "9 September 2016 at 2:05pm"),
        (datetime.datetime(2026, 12, 4, 0, 0, tzinfo=datetime.UTC), "4 December 2026 at 12:00am"),
        (datetime.datetime(2026, 12, 4, 12, 30, tzinfo=datetime.UTC), "4 December 2026 at 12:30pm"),
    ],
)
def test_uk_date_time(moment, expected):
    assert presenters.uk_date_time(moment) == expected
