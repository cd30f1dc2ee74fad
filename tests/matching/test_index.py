"""MatchIndex keeps the register's match keys, links batches and searches."""

import math
from datetime import date

import pytest

from portal_backoffice.matching import MatchIndex
from portal_backoffice.matching.index import HELD_SHARE, MINIMUM_REGISTER_SIZE
from portal_backoffice.matching.records import ChildRecord


def student(record_id, forename="Hollis", surname="Bramwell", dob=date(2015, 3, 8), **more):
    values = {"gender": "M", "address_line_1": "9 Kiln Yard", "postcode": "ZZ4 7QP"}
    return ChildRecord(
        record_id=record_id,
        forename=forename,
        surname=surname,
        date_of_birth=dob,
        **{**values, **more},
    )


@pytest.fixture
def index():
    match_index = MatchIndex(None)
    match_index.replace_all(
        [
            student(1),
            student(2, "Wren", "Castellan", date(2013, 11, 2), gender="F", postcode="ZZ1 2AB"),
            student(3, "Ottilie", "Marchetti", date(2016, 6, 6), gender="F", postcode="ZZ2 9XY"),
        ]
    )
    yield match_index
    match_index.close()


def test_model_version_is_default(index):
    assert index.model_version == "child-v4"


def test_replace_all_replaces(index):
    index.replace_all([student(9)])

    assert len(index) == 1


def test_upsert_adds_and_replaces(index):
    index.upsert(
        [student(4, "Esme", "Fairweather", date(2012, 1, 9)), student(1, "Hollis", "Bramwell-Pike")]
    )

    assert len(index) == 4
    assert index.link([student(50, "Hollis", "Bramwell-Pike")])[50][0].levels["surname"] == "exact"


def test_remove_forgets_students(index):
    index.remove([1, 2])

    assert len(index) == 1
    assert index.link([student(50)]) == {50: []}


def test_link_returns_every_incoming_id(index):
    unknown = student(51, "Quill", "Ashgrove", date(2010, 2, 2), postcode="ZZ9 9ZZ")

    result = index.link([student(50), unknown])

    assert set(result) == {50, 51}
    assert [candidate.student_id for candidate in result[50]] == [1]
    assert result[51] == []


def test_link_explains_every_comparison(index):
    best = index.link([student(50)])[50][0]

    assert [reason.field for reason in best.reasons] == [
        "forename",
        "middle_names",
        "surname",
        "name_order",
        "date_of_birth",
        "gender",
        "household",
        "upn",
        "carers",
        "base",
    ]
    assert best.levels["upn"] == "null"
    prior = HELD_SHARE / MINIMUM_REGISTER_SIZE
    prior_weight = math.log2(prior / (1 - prior))
    assert best.match_weight == pytest.approx(
        sum(r.match_weight for r in best.reasons) + prior_weight, abs=0.05
    )


def test_empty_register_links_nothing():
    empty = MatchIndex(None)

    assert empty.link([student(50)]) == {50: []}
    assert empty.search(student(50)) == []


def test_persisted_index_reopens(tmp_path):
    path = tmp_path / "match-index.duckdb"
    first = MatchIndex(path)
    first.replace_all([student(1), student(2, "Wren", "Castellan")])
    first.close()

    second = MatchIndex(path)

    assert len(second) == 2
    assert second.link([student(50)])[50][0].student_id == 1
    second.close()


def test_search_by_surname_only(index):
    found = index.search(ChildRecord(record_id=0, surname="castellan"))

    assert [candidate.student_id for candidate in found] == [2]


def test_search_by_date_of_birth_and_forename(index):
    query = ChildRecord(record_id=0, forename="Ottilie", date_of_birth=date(2016, 6, 6))

    assert index.search(query)[0].student_id == 3


def test_search_finds_day_month_swap(index):
    query = ChildRecord(record_id=0, date_of_birth=date(2015, 8, 3))

    assert [candidate.student_id for candidate in index.search(query)] == [1]


def test_search_by_postcode_only(index):
    query = ChildRecord(record_id=0, postcode="zz1 2ab")

    assert [candidate.student_id for candidate in index.search(query)] == [2]


def test_search_without_keys_finds_nothing(index):
    assert index.search(ChildRecord(record_id=0, gender="F")) == []


def test_search_respects_limit(index):
    index.upsert([student(10 + n, "Hollis", "Bramwell", date(2015, 3, 8)) for n in range(30)])

    assert len(index.search(student(0), limit=5)) == 5
