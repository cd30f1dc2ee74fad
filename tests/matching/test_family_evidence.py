"""Carers and base as evidence: a child who moved house, a twin who moved, a parent's details.

A small invented register of families with their carers. The carers' names
confirm a child whose address changed, but never tell twins apart, and a
parent's forename in the child's box brings the family up for an officer.
"""

from dataclasses import replace
from datetime import date

import pytest

from portal_backoffice.matching import MatchIndex, decide
from portal_backoffice.matching.records import ChildRecord, DecisionPolicy, Outcome

ASHGROVE = ("14 Larkspur Close", "ZZ5 7HT")
MOVED = ("3 Quarry Lane", "ZZ8 2PL")
DUNMORE_CARERS = (("Rosalind", "Dunmore"), ("Ewan", "Dunmore"))


def child(record_id, forename, surname, dob, gender, home, carers=(), base=""):
    return ChildRecord(
        record_id=record_id,
        forename=forename,
        surname=surname,
        date_of_birth=date.fromisoformat(dob),
        gender=gender,
        address_line_1=home[0],
        postcode=home[1],
        carer_names=carers,
        base=base,
    )


def common_name_family(number: int) -> ChildRecord:
    # Other boys called Harry Dunmore, born the same day, in other families.
    return child(
        number,
        "Harry",
        "Dunmore",
        "2016-05-04",
        "M",
        (f"{number} Elm Road", f"ZZ{number % 9 + 1} {number % 9}AA"),
        ((f"Carer{number}", "Dunmore"),),
    )


REGISTER = [
    child(1, "Harry", "Dunmore", "2016-05-04", "M", ASHGROVE, DUNMORE_CARERS, "2001"),
    child(2, "Nell", "Dunmore", "2016-05-04", "F", ASHGROVE, DUNMORE_CARERS, "2001"),
    child(3, "Orla", "Dunmore", "2012-11-20", "F", ASHGROVE, DUNMORE_CARERS, "2002"),
    *(common_name_family(number) for number in range(10, 13)),
]


@pytest.fixture(scope="module")
def index():
    index = MatchIndex(None)
    index.replace_all(REGISTER)
    yield index
    index.close()


def decision_for(index, incoming: ChildRecord):
    candidates = index.link([incoming])[incoming.record_id]
    return decide(incoming, candidates, DecisionPolicy())


def test_child_who_moved_is_matched_by_carers_names(index):
    incoming = replace(REGISTER[0], record_id=101, address_line_1=MOVED[0], postcode=MOVED[1])

    decision = decision_for(index, incoming)

    assert decision.outcome is Outcome.AUTOMATIC_MATCH
    assert decision.student_id == 1
    assert decision.candidates[0].levels["carers"] == "all_carers"


def test_child_who_moved_without_carers_is_not_told_from_namesakes(index):
    incoming = replace(
        REGISTER[0], record_id=102, address_line_1=MOVED[0], postcode=MOVED[1], carer_names=()
    )

    decision = decision_for(index, incoming)

    assert decision.outcome is Outcome.REVIEW
    assert 1 in [candidate.student_id for candidate in decision.candidates]


def test_new_twin_who_moved_is_never_matched_to_the_twin(index):
    # Henry is new: his twin Harry (a short form of Henry) is on the register,
    # and the family has moved since.
    incoming = child(103, "Henry", "Dunmore", "2016-05-04", "M", MOVED, DUNMORE_CARERS)

    decision = decision_for(index, incoming)

    assert decision.outcome is Outcome.REVIEW
    assert decision.candidates[0].student_id == 1
    assert decision.reason.startswith("Twin guard")


def test_parent_forename_in_child_box_offers_the_family(index):
    # Orla's record sent with her mother's forename and date of birth.
    incoming = child(104, "Rosalind", "Dunmore", "1984-02-09", "F", ASHGROVE, DUNMORE_CARERS)

    decision = decision_for(index, incoming)

    assert decision.outcome is Outcome.REVIEW
    assert 3 in [candidate.student_id for candidate in decision.candidates[:5]]
    assert decision.candidates[0].levels["forename"] == "carer_forename"


def test_same_base_counts_for_the_child(index):
    incoming = replace(REGISTER[0], record_id=105)

    candidates = index.link([incoming])[105]

    assert candidates[0].student_id == 1
    assert candidates[0].levels["base"] == "same"
    assert candidates[0].levels["carers"] == "same_postcode"
