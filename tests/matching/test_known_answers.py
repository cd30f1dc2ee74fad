"""Known answers on a small invented population: twins, triplets, siblings, typos.

The register is one LA's worth of invented families; each incoming child
below has one known right answer.
"""

from datetime import date

import pytest

from portal_backoffice.matching import MatchIndex, decide
from portal_backoffice.matching.records import ChildRecord, DecisionPolicy, Outcome


def child(record_id, forename, surname, dob, gender, address, postcode, upn="", middle=""):
    return ChildRecord(
        record_id=record_id,
        forename=forename,
        middle_names=middle,
        surname=surname,
        date_of_birth=date.fromisoformat(dob),
        gender=gender,
        address_line_1=address,
        postcode=postcode,
        upn=upn,
    )


FENWICK = ("8 Alder Way", "ZZ3 4AB")
OKONKWO = ("21 Birch Street", "ZZ2 1CD")
WHITCOMBE = ("77 Mill Lane", "ZZ7 8GH")

REGISTER = [
    # Triplets: same surname, date of birth and home.
    child(1, "Tobias", "Fenwick", "2015-02-03", "M", *FENWICK),
    child(2, "Tilly", "Fenwick", "2015-02-03", "F", *FENWICK),
    child(3, "Jasper", "Fenwick", "2015-02-03", "M", *FENWICK),
    # Siblings with a double-barrelled surname.
    child(4, "Marnie", "Okonkwo-Bell", "2013-09-17", "F", *OKONKWO),
    child(5, "Harvey", "Okonkwo-Bell", "2011-01-30", "M", *OKONKWO),
    child(6, "Priya", "Raghunathan", "2014-12-05", "F", "3 Vale Road", "ZZ5 6EF", "X999912016118"),
    # Brother and sister whose names share a short form.
    child(7, "Samuel", "Whitcombe", "2012-06-21", "M", *WHITCOMBE),
    child(8, "Samantha", "Whitcombe", "2010-03-14", "F", *WHITCOMBE),
    child(9, "Ffion", "Pryce", "2016-10-10", "F", "5 Cwm Road", "ZZ6 2JK"),
    child(10, "Eliza", "Marwood", "2017-01-01", "F", "40 Quay Street", "ZZ8 3LM"),
    child(11, "Jaspar", "Quinton", "2013-03-30", "M", "2 Sill Lane", "ZZ4 5RT"),
]

# (incoming, expected outcome, expected student first among candidates)
CASES = {
    "exact copy of a triplet": (
        child(101, "Tobias", "Fenwick", "2015-02-03", "M", *FENWICK),
        Outcome.AUTOMATIC_MATCH,
        1,
    ),
    # Nobody in the register is called Tobais, so it is a typing error.
    "triplet with a typo in the forename": (
        child(102, "Tobais", "Fenwick", "2015-02-03", "M", *FENWICK),
        Outcome.AUTOMATIC_MATCH,
        1,
    ),
    # Jaspar is another child's real name, so it could be a fourth baby's.
    "triplet's name one letter from a real name": (
        child(112, "Jaspar", "Fenwick", "2015-02-03", "M", *FENWICK),
        Outcome.REVIEW,
        3,
    ),
    "parent's forename and date of birth in the child's record": (
        child(113, "Gwendolen", "Pryce", "1987-04-19", "F", "5 Cwm Road", "ZZ6 2JK"),
        Outcome.REVIEW,
        9,
    ),
    "new fourth baby of the same birth": (
        child(103, "Ezra", "Fenwick", "2015-02-03", "M", *FENWICK),
        Outcome.REVIEW,
        None,
    ),
    "one part of a double-barrelled surname": (
        child(104, "Marnie", "Okonkwo", "2013-09-17", "F", *OKONKWO),
        Outcome.AUTOMATIC_MATCH,
        4,
    ),
    "typo in a surname": (
        child(105, "Priya", "Raghunathen", "2014-12-05", "F", "3 Vale Road", "ZZ5 6EF"),
        Outcome.AUTOMATIC_MATCH,
        6,
    ),
    # A short form at the same home and birth date could be a twin's name.
    "short form shared by a sister": (
        child(106, "Sam", "Whitcombe", "2012-06-21", "M", *WHITCOMBE),
        Outcome.REVIEW,
        7,
    ),
    # Whether a move of house still leaves a confident match depends on how
    # rare the names are, which a register this small cannot show.
    "moved house": (
        child(111, "Ffion", "Pryce", "2016-10-10", "F", "12 Gower Street", "ZZ9 4NP"),
        Outcome.REVIEW,
        9,
    ),
    "different permanent UPN": (
        child(
            107,
            "Priya",
            "Raghunathan",
            "2014-12-05",
            "F",
            "3 Vale Road",
            "ZZ5 6EF",
            "C999912116255",
        ),
        Outcome.REVIEW,
        6,
    ),
    "child new to the LA": (
        child(108, "Otto", "Vandersloot", "2014-04-04", "M", "1 Keel Row", "ZZ1 1AA"),
        Outcome.NO_MATCH,
        None,
    ),
    "new sibling at a known home": (
        child(109, "Rosa", "Okonkwo-Bell", "2018-05-05", "F", *OKONKWO),
        Outcome.NO_MATCH,
        None,
    ),
    "equal UPN despite a surname change": (
        child(110, "Priya", "Sandhu", "2014-12-05", "F", "3 Vale Road", "ZZ5 6EF", "X999912016118"),
        Outcome.AUTOMATIC_MATCH,
        6,
    ),
}


@pytest.fixture(scope="module")
def decisions():
    index = MatchIndex(None)
    index.replace_all(REGISTER)
    incoming = [record for record, _, _ in CASES.values()]
    candidates = index.link(incoming)
    index.close()
    return {
        record.record_id: decide(record, candidates[record.record_id], DecisionPolicy())
        for record in incoming
    }


@pytest.mark.parametrize("name", CASES)
def test_outcome(name, decisions):
    record, outcome, _ = CASES[name]

    assert decisions[record.record_id].outcome is outcome, decisions[record.record_id].reason


@pytest.mark.parametrize("name", [name for name, case in CASES.items() if case[2] is not None])
def test_right_student_first(name, decisions):
    record, _, student_id = CASES[name]

    assert decisions[record.record_id].candidates[0].student_id == student_id


def test_relatives_never_matched_automatically(decisions):
    relatives = {103: {1, 2, 3}, 109: {4, 5}, 106: {8}, 101: {2, 3}}

    for incoming_id, student_ids in relatives.items():
        assert decisions[incoming_id].student_id not in student_ids
