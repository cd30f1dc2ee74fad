"""Reasons officers read for each comparison."""

from portal_backoffice.matching.explain import field_reasons, level_reason, weight_phrase


def test_reason_per_comparison_in_order():
    reasons = field_reasons(
        {"forename": "nickname", "date_of_birth": "null"},
        {"forename": 4.26, "date_of_birth": 0.0},
    )

    assert [r.field for r in reasons] == ["forename", "date_of_birth"]
    assert reasons[0].level == "nickname"
    assert reasons[0].match_weight == 4.26
    assert reasons[0].reason == (
        "Forename: the same name once short forms and spellings are allowed for "
        "(evidence of the same child, weight +4.3)"
    )
    assert reasons[1].reason == (
        "Date of birth: not compared because one of the records does not have it"
    )


def test_household_reason_names_address():
    assert level_reason("household", "same_home") == "the same postcode and first line of address"


def test_twin_forename_reason():
    reasons = field_reasons({"forename": "different"}, {"forename": -13.2})

    assert reasons[0].reason == (
        "Forename: completely different, as between twins or siblings "
        "(strong evidence of different children, weight -13.2)"
    )


def test_weight_phrases():
    assert weight_phrase(12.0) == "strong evidence of the same child"
    assert weight_phrase(0.5) == "little evidence either way"
    assert weight_phrase(-5.0) == "evidence of different children"
