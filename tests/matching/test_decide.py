"""Each rule that stops an automatic match, and the review and no-match outcomes."""

from datetime import date

import pytest

from portal_backoffice.matching.decide import decide
from portal_backoffice.matching.records import (
    ChildRecord,
    DecisionPolicy,
    Outcome,
    ScoredCandidate,
)

POLICY = DecisionPolicy()
INCOMING = ChildRecord(
    record_id=100, forename="Nell", surname="Quarrie", date_of_birth=date(2016, 5, 4)
)

EXACT = {
    "forename": "exact",
    "surname": "exact",
    "name_order": "same_order",
    "date_of_birth": "exact",
    "gender": "same",
    "household": "same_home",
    "upn": "null",
}


def candidate(student_id, probability, weight, **levels):
    return ScoredCandidate(
        student_id=student_id,
        match_probability=probability,
        match_weight=weight,
        levels={**EXACT, **levels},
    )


def test_clear_best_matched_automatically():
    decision = decide(INCOMING, [candidate(7, 0.99999, 28.0)], POLICY)

    assert decision.outcome is Outcome.AUTOMATIC_MATCH
    assert decision.student_id == 7
    assert [c.student_id for c in decision.candidates] == [7]


def test_no_candidates_no_match():
    decision = decide(INCOMING, [], POLICY)

    assert decision.outcome is Outcome.NO_MATCH
    assert decision.student_id is None
    assert decision.candidates == ()


def test_candidates_below_possible_threshold_no_match():
    decision = decide(INCOMING, [candidate(7, 0.005, -7.6)], POLICY)

    assert decision.outcome is Outcome.NO_MATCH


def test_below_automatic_threshold_review():
    decision = decide(INCOMING, [candidate(7, 0.99, 6.6)], POLICY)

    assert decision.outcome is Outcome.REVIEW
    assert decision.student_id is None
    assert decision.reason == (
        "The best match probability, 0.9900, is below the automatic match threshold of 0.999"
    )


def test_runner_up_too_close_review():
    decision = decide(INCOMING, [candidate(7, 0.99999, 20.0), candidate(8, 0.9999, 16.0)], POLICY)

    assert decision.outcome is Outcome.REVIEW
    assert decision.reason == (
        "The best candidate leads the runner-up by 4.0 match weight, "
        "less than the minimum margin of 6.0"
    )


@pytest.mark.parametrize(
    ("levels", "reason"),
    [
        ({"upn": "different"}, "The two records have different permanent UPNs"),
        (
            {"forename": "different"},
            "The forenames are completely different, as they are between twins or siblings",
        ),
        (
            {"name_order": "swapped"},
            "The forename and surname are swapped, so an officer must decide which order is right",
        ),
        (
            {"date_of_birth": "day_month_swapped", "household": "different"},
            "The dates of birth differ and no UPN confirms the match",
        ),
        (
            {"date_of_birth": "day_month_swapped", "forename": "nickname"},
            "The dates of birth differ and no UPN confirms the match",
        ),
        (
            {"date_of_birth": "one_part_different"},
            "The dates of birth differ and no UPN confirms the match",
        ),
    ],
)
def test_contradiction_stops_automatic_match(levels, reason):
    decision = decide(INCOMING, [candidate(7, 0.999999, 30.0, **levels)], POLICY)

    assert decision.outcome is Outcome.REVIEW
    assert decision.reason == reason
    assert decision.candidates[0].student_id == 7


def test_day_month_swap_at_home_matched():
    best = candidate(7, 0.999999, 30.0, date_of_birth="day_month_swapped")

    decision = decide(INCOMING, [best], POLICY)

    assert decision.outcome is Outcome.AUTOMATIC_MATCH
    assert decision.student_id == 7


def test_equal_upn_allows_date_difference():
    best = candidate(7, 0.999999, 30.0, date_of_birth="one_part_different", upn="exact")

    assert decide(INCOMING, [best], POLICY).outcome is Outcome.AUTOMATIC_MATCH


def test_placeholder_date_of_birth_stops_automatic_match():
    incoming = ChildRecord(
        record_id=100, forename="Nell", surname="Quarrie", date_of_birth=date(1900, 1, 1)
    )
    decision = decide(incoming, [candidate(7, 0.999999, 30.0, date_of_birth="null")], POLICY)

    assert decision.outcome is Outcome.REVIEW
    assert decision.reason == "The incoming record has no date of birth, or a placeholder date"


def test_twin_guard_stops_when_forename_not_exact():
    best = candidate(7, 0.999999, 30.0, forename="typo")
    twin = candidate(8, 0.99, 8.0, forename="different")
    decision = decide(INCOMING, [best, twin], POLICY)

    assert decision.outcome is Outcome.REVIEW
    assert decision.reason == (
        "Twin guard: the forename is not exactly the same, and a twin in this "
        "family would share the date of birth"
    )
    assert [c.student_id for c in decision.candidates] == [7, 8]


def test_twin_guard_runner_up_twin():
    best = candidate(7, 0.999999, 30.0)
    twin = candidate(8, 0.99, 8.0, forename="nickname", surname="different")
    decision = decide(INCOMING, [best, twin], POLICY)

    assert decision.outcome is Outcome.REVIEW
    assert decision.reason == "Twin guard: another child in this family shares the date of birth"


@pytest.mark.parametrize("forename", ["nickname", "typo", "similar", "middle_name"])
def test_same_home_and_birth_date_needs_exact_forename(forename):
    best = candidate(7, 0.999999, 30.0, forename=forename, surname="different")

    assert decide(INCOMING, [best], POLICY).outcome is Outcome.REVIEW


def unknown_forename_candidate(forename: str, **levels) -> ScoredCandidate:
    return ScoredCandidate(
        student_id=7,
        match_probability=0.999999,
        match_weight=30.0,
        levels={**EXACT, "forename": forename, **levels},
        incoming_forename_in_register=False,
    )


def test_typo_of_unknown_name_at_same_home_matched():
    best = unknown_forename_candidate("typo")

    assert decide(INCOMING, [best], POLICY).outcome is Outcome.AUTOMATIC_MATCH


def test_unknown_name_only_similar_at_same_home_reviewed():
    # Olivai (Olivia mistyped) against her twin Oliver is nobody's name, yet not a slip.
    best = unknown_forename_candidate("similar")
    decision = decide(INCOMING, [best], POLICY)

    assert decision.outcome is Outcome.REVIEW
    assert decision.reason.startswith("Twin guard: the forename is not exactly the same")


def test_shared_carer_and_birth_date_count_as_twin_after_a_move():
    best = candidate(
        7, 0.999999, 30.0, forename="nickname", household="different", carers="same_carer"
    )
    decision = decide(INCOMING, [best], POLICY)

    assert decision.outcome is Outcome.REVIEW
    assert decision.reason.startswith("Twin guard: the forename is not exactly the same")


def test_twin_who_moved_with_shared_carer_stops_match_to_sibling():
    best = candidate(7, 0.999999, 30.0, household="different", carers="same_carer")
    twin = candidate(8, 0.99, 8.0, forename="nickname", household="different", carers="same_carer")
    decision = decide(INCOMING, [best, twin], POLICY)

    assert decision.outcome is Outcome.REVIEW
    assert decision.reason == "Twin guard: another child in this family shares the date of birth"


def test_exact_forename_with_shared_carer_after_a_move_matched():
    best = candidate(7, 0.999999, 30.0, household="different", carers="same_carer")

    assert decide(INCOMING, [best], POLICY).outcome is Outcome.AUTOMATIC_MATCH


def test_short_form_at_same_home_reviewed():
    best = ScoredCandidate(
        student_id=7,
        match_probability=0.999999,
        match_weight=30.0,
        levels={**EXACT, "forename": "nickname"},
        incoming_forename_in_register=False,
    )

    assert decide(INCOMING, [best], POLICY).outcome is Outcome.REVIEW


def test_equal_upn_settles_twin_question():
    best = candidate(7, 0.999999, 30.0, forename="nickname", upn="exact")

    assert decide(INCOMING, [best], POLICY).outcome is Outcome.AUTOMATIC_MATCH


def test_gender_different_stops_automatic_match():
    decision = decide(INCOMING, [candidate(7, 0.999999, 30.0, gender="different")], POLICY)

    assert decision.outcome is Outcome.REVIEW
    assert decision.reason == "The genders differ, as they can between twins or siblings"


def test_twin_guard_short_form_twin():
    best = candidate(7, 0.999999, 30.0)
    twin = candidate(8, 0.99, 8.0, forename="nickname")

    assert decide(INCOMING, [best, twin], POLICY).outcome is Outcome.REVIEW


def test_twin_guard_passes_exact_forename_against_different_twin():
    best = candidate(7, 0.999999, 30.0)
    twin = candidate(8, 0.99, 8.0, forename="different")

    decision = decide(INCOMING, [best, twin], POLICY)

    assert decision.outcome is Outcome.AUTOMATIC_MATCH
    assert decision.student_id == 7


def test_possible_matches_capped_and_ranked():
    policy = DecisionPolicy(maximum_possible_matches=2)
    candidates = [candidate(i, 0.5, float(i)) for i in range(1, 6)]

    decision = decide(INCOMING, candidates, policy)

    assert [c.student_id for c in decision.candidates] == [5, 4]


def test_higher_threshold_sends_to_review():
    policy = DecisionPolicy(automatic_match_threshold=0.9999999)

    assert decide(INCOMING, [candidate(7, 0.99999, 28.0)], policy).outcome is Outcome.REVIEW
