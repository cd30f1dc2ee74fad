"""One-to-one assignment keeps each record in at most one pair, best pairs first."""

from portal_backoffice.matching.assign import one_to_one_assign
from portal_backoffice.matching.records import ScoredCandidate


def _scored(register_id: int, weight: float, probability: float = 0.99) -> ScoredCandidate:
    return ScoredCandidate(
        student_id=register_id, match_probability=probability, match_weight=weight
    )


def test_assign_takes_best_pair_per_record():
    candidates = {10: [_scored(1, 20.0), _scored(2, 5.0)], 11: [_scored(2, 18.0)]}

    assert one_to_one_assign(candidates, minimum_probability=0.5) == {10: 1, 11: 2}


def test_assign_gives_contested_record_to_higher_weight():
    # Both incoming records score best against register record 1; 11 scores higher.
    candidates = {10: [_scored(1, 15.0), _scored(2, 9.0)], 11: [_scored(1, 25.0)]}

    assert one_to_one_assign(candidates, minimum_probability=0.5) == {11: 1, 10: 2}


def test_assign_leaves_loser_unmatched_without_other_pair():
    candidates = {10: [_scored(1, 15.0)], 11: [_scored(1, 25.0)]}

    assert one_to_one_assign(candidates, minimum_probability=0.5) == {11: 1}


def test_assign_skips_pairs_below_minimum_probability():
    candidates = {10: [_scored(1, 3.0, probability=0.4)], 11: [_scored(2, 30.0)]}

    assert one_to_one_assign(candidates, minimum_probability=0.5) == {11: 2}


def test_assign_breaks_weight_ties_by_lower_ids():
    candidates = {11: [_scored(1, 20.0)], 10: [_scored(1, 20.0)]}

    assert one_to_one_assign(candidates, minimum_probability=0.5) == {10: 1}


def test_assign_empty_candidates():
    assert one_to_one_assign({}, minimum_probability=0.5) == {}
    assert one_to_one_assign({10: []}, minimum_probability=0.5) == {}
