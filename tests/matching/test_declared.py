"""A record type declared as columns links through MatchIndex like the child model."""

from datetime import date

import pytest

from portal_backoffice.matching import MatchIndex
from portal_backoffice.matching.declared import (
    DeclaredColumn,
    DeclaredRecord,
    RecordType,
    Role,
)
from portal_backoffice.matching.records import ChildRecord

PERSON = RecordType(
    "person",
    (
        DeclaredColumn("national_id", Role.IDENTIFIER, "National id", blocking=True),
        DeclaredColumn("given_name", Role.NAME, "Given name", blocking=True),
        DeclaredColumn("family_name", Role.NAME, "Family name", blocking=True),
        DeclaredColumn("birth_date", Role.DATE, "Date of birth", blocking=True),
        DeclaredColumn("town", Role.TEXT, "Town"),
        DeclaredColumn("postcode", Role.CODE, "Postcode"),
        DeclaredColumn("region", Role.CATEGORY, "Region"),
    ),
)


def _person(record_id, given, family, born, national_id="", town="", postcode="", region=""):
    return DeclaredRecord(
        record_id,
        {
            "national_id": national_id,
            "given_name": given,
            "family_name": family,
            "birth_date": born,
            "town": town,
            "postcode": postcode,
            "region": region,
        },
    )


REGISTER = [
    _person(1, "Ada", "Lovelace", "19151210", "1234567", "Marsh End", "2001", "north"),
    _person(2, "Alan", "Turing", "19120623", "7654321", "Wilmslow", "3002", "south"),
    _person(3, "Grace", "Hopper", "19061209", "5550001", "Arlington", "4003", "east"),
]


def test_record_keys_normalise_by_role():
    keys = PERSON.record_keys(
        _person(7, " Ada ", "LOVELACE", "1915-12-10", "123 45-67", "Marsh  End St", "20 01", "NSW")
    )

    assert keys["unique_id"] == 7
    assert keys["given_name"] == "ada"
    assert keys["family_name"] == "lovelace"
    assert keys["birth_date"] == date(1915, 12, 10)
    assert keys["national_id"] == "1234567"
    assert keys["town"] == "marsh end street"
    assert keys["postcode"] == "2001"
    assert keys["region"] == "nsw"


@pytest.mark.parametrize("value", ["", None, float("nan"), "19151310", "1915121", "unknown"])
def test_record_keys_invalid_date_is_missing(value):
    keys = PERSON.record_keys(_person(7, "Ada", "Lovelace", value))

    assert keys["birth_date"] is None


def test_blocking_rules_pair_every_blocking_column():
    rules = PERSON.blocking_rules()

    assert len(rules) == 6
    assert "l.national_id = r.national_id AND l.given_name = r.given_name" in rules
    assert "l.family_name = r.family_name AND l.birth_date = r.birth_date" in rules
    assert not any("town" in rule for rule in rules)


def test_settings_give_each_column_its_role_levels():
    comparisons = {
        comparison["output_column_name"]: [
            level["label_for_charts"] for level in comparison["comparison_levels"]
        ]
        for comparison in PERSON.settings()["comparisons"]
    }

    assert comparisons["national_id"] == ["null", "exact", "one_edit", "two_edits", "different"]
    assert comparisons["given_name"] == ["null", "exact", "typo", "similar", "different"]
    assert comparisons["region"] == ["null", "exact", "different"]
    assert comparisons["birth_date"][1:3] == ["exact", "day_month_swapped"]


def test_names_adjust_exact_level_by_frequency():
    layout = PERSON.key_layout()

    assert layout.term_frequency_columns == ("given_name", "family_name")
    assert layout.searchable is False


@pytest.mark.parametrize(
    "columns, message",
    [
        ((DeclaredColumn("Name", Role.NAME, "Name", blocking=True),), "invalid"),
        ((DeclaredColumn("unique_id", Role.IDENTIFIER, "Id", blocking=True),), "invalid"),
        (
            (
                DeclaredColumn("name", Role.NAME, "Name", blocking=True),
                DeclaredColumn("name", Role.NAME, "Name", blocking=True),
            ),
            "twice",
        ),
        ((DeclaredColumn("name", Role.NAME, "Name", blocking=True),), "at least two"),
    ],
)
def test_record_type_rejects_bad_declaration(columns, message):
    with pytest.raises(ValueError, match=message):
        RecordType("bad", columns)


@pytest.fixture
def index():
    index = MatchIndex(None, model=PERSON.starting_model("person-test"), layout=PERSON.key_layout())
    index.replace_all(REGISTER)
    yield index
    index.close()


def test_link_finds_person_despite_typos(index):
    incoming = _person(101, "Adda", "Lovelace", "19151210", "1234568", "Marsh End", "2001")

    candidates = index.link([incoming])[101]

    assert [candidate.student_id for candidate in candidates][:1] == [1]
    assert candidates[0].levels["given_name"] == "typo"
    assert candidates[0].levels["national_id"] == "one_edit"
    assert candidates[0].levels["birth_date"] == "exact"


def test_link_needs_two_blocking_columns_to_agree(index):
    # Only the family name agrees exactly, so no blocking rule pairs them.
    incoming = _person(102, "Graice", "Hopper", "19061210", "5550002")

    assert index.link([incoming]) == {102: []}


def test_search_rejects_declared_layout(index):
    with pytest.raises(ValueError, match="child key layout"):
        index.search(_person(103, "Ada", "Lovelace", "19151210"))


def test_index_file_of_other_layout_is_cleared(tmp_path):
    path = tmp_path / "index.duckdb"
    child_index = MatchIndex(path)
    child_index.replace_all([ChildRecord(record_id=1, forename="Ada", surname="Lovelace")])
    child_index.close()

    declared_index = MatchIndex(
        path, model=PERSON.starting_model("person-test"), layout=PERSON.key_layout()
    )

    assert len(declared_index) == 0
    declared_index.replace_all(REGISTER)
    assert len(declared_index) == 3
    declared_index.close()
