"""Every shared field case, matched through the engine with the default policy.

Each case is a kind of fault that real matchers have made: twins merged,
day and month swapped, placeholders taken as agreement. A case passes only
when the outcome, the candidate order, the automatic-match exclusions, the
conflicts and (where given) the carer matches are all as the case expects.
"""

import pytest
from fieldcase_records import (
    CASES_PATH,
    INCOMING_ID,
    OUTCOMES,
    carer_record,
    child_record,
    existing_carers,
    existing_children,
    load_cases,
)

from portal_backoffice.matching import MatchIndex, carer_match, decide, same_value
from portal_backoffice.matching.normalise import MATCH_FIELDS
from portal_backoffice.matching.records import DecisionPolicy, Outcome

CASES = load_cases()

pytestmark = pytest.mark.skipif(not CASES, reason=f"The shared field cases are not at {CASES_PATH}")


@pytest.fixture(params=CASES, ids=[case["id"] for case in CASES])
def case(request):
    return request.param


_decisions = {}


@pytest.fixture
def decision(case):
    if case["id"] not in _decisions:
        index = MatchIndex(None)
        index.replace_all(existing_children(case))
        incoming = child_record(case["incoming"], INCOMING_ID)

        candidates = index.link([incoming])[INCOMING_ID]
        index.close()
        _decisions[case["id"]] = decide(incoming, candidates, DecisionPolicy())
    return _decisions[case["id"]]


def test_outcome(case, decision):
    acceptable = {OUTCOMES[name] for name in case["acceptable_outcomes"]}
    acceptable.add(OUTCOMES[case["expected_outcome"]])

    assert decision.outcome in acceptable, decision.reason


def test_expected_student_first(case, decision):
    expected_id = case["expected_match_id"]
    if expected_id is None:
        assert decision.student_id is None
        return

    if decision.outcome is Outcome.AUTOMATIC_MATCH:
        assert decision.student_id == expected_id
    assert decision.candidates, decision.reason
    assert decision.candidates[0].student_id == expected_id


def test_never_matched_automatically_to_excluded(case, decision):
    if decision.outcome is Outcome.AUTOMATIC_MATCH:
        assert decision.student_id not in case["must_not_auto_match_ids"]


def test_no_match_offers_no_candidates(case, decision):
    if case["expected_outcome"] == "no_match":
        assert decision.candidates == ()


def test_conflicts(case):
    expected_id = case["expected_match_id"]
    if expected_id is None:
        pytest.skip("No student to compare with: the child is new")
    held = next(record for record in case["existing"] if record["id"] == expected_id)

    differing = [
        field
        for field in MATCH_FIELDS
        if not same_value(field, case["incoming"].get(field), held.get(field))
    ]

    assert differing == [field for field in MATCH_FIELDS if field in case["expected_conflicts"]]


def test_carers(case):
    expected_ids = case.get("expected_carer_match_ids")
    if expected_ids is None:
        pytest.skip("The case sets no carer expectations")
    people = existing_carers(case)

    matched = [
        carer_match(carer_record(carer, number), people).person_id
        for number, carer in enumerate(case["incoming"]["carers"], start=1)
    ]

    assert matched == expected_ids
