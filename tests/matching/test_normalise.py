"""Normalisation for matching, and same_value for conflict detection."""

from datetime import date

import pytest

from portal_backoffice.matching import normalise


@pytest.mark.parametrize(
    ("value", "folded"),
    [
        ("Łucja", "lucja"),
        ("Wis\u0301niewska", "wisniewska"),
        ("Wi\u015bniewska", "wisniewska"),
        ("Søren", "soren"),
        ("Ærøskøbing", "aeroskobing"),
        ("Œdipe", "oedipe"),
        ("Straße", "strasse"),
        ("Đorđe", "dorde"),
        ("Siân", "sian"),
        ("O\u2019Brien", "obrien"),
        ("O'Brien", "obrien"),
        ("D\u02bcSouza", "dsouza"),
        ("Ashworth-Okafor", "ashworth okafor"),
        ("Ashworth\u2013Okafor", "ashworth okafor"),
        ("  Mary \u00a0 Jane\t", "mary jane"),
        ("Zo\u200be", "zoe"),
    ],
)
def test_fold_text(value, folded):
    assert normalise.fold_text(value) == folded


@pytest.mark.parametrize(
    "title", ["Mr", "Mrs", "Miss", "Ms", "Master", "Dr", "Mx", "MISS", "miss."]
)
def test_leading_title_removed(title):
    assert normalise.normalise_name(f"{title} Evie") == "evie"


def test_title_alone_kept_as_name():
    assert normalise.normalise_name("Miss") == "miss"


def test_title_inside_name_kept():
    assert normalise.normalise_name("Evie Miss") == "evie miss"


@pytest.mark.parametrize("value", ["", "  ", "UNKNOWN", "n/a", "TBC", None])
def test_placeholder_name_is_none(value):
    assert normalise.normalise_name(value) is None


def test_placeholder_forename_is_none():
    assert normalise.normalise_forename("Baby Boy") is None
    assert normalise.normalise_name("Baby") == "baby"


def test_name_parts_split_hyphens():
    assert normalise.name_parts("Ashworth-Okafor") == ("ashworth", "okafor")
    assert normalise.name_parts("van der Berg") == ("van", "der", "berg")


@pytest.mark.parametrize("value", [date(1900, 1, 1), "1900-01-01", date(1970, 1, 1), None, ""])
def test_placeholder_date_is_none(value):
    assert normalise.normalise_date(value) is None


def test_real_date_kept():
    assert normalise.normalise_date("2015-01-26") == date(2015, 1, 26)


@pytest.mark.parametrize(
    ("value", "gender"), [("M", "M"), ("f", "F"), ("Female", "F"), ("U", None), ("", None)]
)
def test_gender(value, gender):
    assert normalise.normalise_gender(value) == gender


def test_postcode_canonical():
    assert normalise.normalise_postcode("zz81qb") == "ZZ8 1QB"
    assert normalise.normalise_postcode("UNKNOWN") is None
    assert normalise.normalise_postcode("ZZ99 3WZ") is None


def test_temporary_upn_is_not_an_identifier():
    assert normalise.normalise_upn("Z82320102415C") is None
    assert normalise.normalise_upn("UNKNOWN") is None
    assert normalise.normalise_upn("f373200124123") == "F373200124123"


def test_address_street_words_expanded_only_when_asked():
    assert normalise.normalise_address_line("12 Orchard Rd.") == "12 orchard rd"
    assert normalise.normalise_address_line("12 Orchard Rd.", expand_street_words=True) == (
        "12 orchard road"
    )


@pytest.mark.parametrize(
    ("field", "incoming", "held"),
    [
        ("forename", "  LUCJA ", "Łucja"),
        ("forename", "Miss Evie", "Evie"),
        ("surname", "Wis\u0301niewska", "Wiśniewska"),
        ("surname", "O\u2019Brien", "O'Brien"),
        ("surname", "Ashworth-Okafor", "ashworth okafor"),
        ("middle_names", "MAE", "Mae"),
        ("address_line_1", "12\u00a0orchard  way", "12 Orchard Way"),
        ("postcode", "zz81qb", "ZZ8 1QB"),
        ("upn", "b999911716329", "B999911716329"),
        ("gender", "f", "F"),
        ("date_of_birth", "2015-01-26", date(2015, 1, 26)),
    ],
)
def test_same_value_when_only_normalisation_differs(field, incoming, held):
    assert normalise.same_value(field, incoming, held)


@pytest.mark.parametrize(
    ("field", "incoming", "held"),
    [
        ("forename", "Mohammed", "Muhammad"),
        ("surname", "Ashworth-Okafor", "Okafor"),
        ("surname", "Carter", "Hughes"),
        ("address_line_1", "12 Orchard Rd", "12 Orchard Road"),
        ("postcode", "ZZ8 1QB", "ZZ8 1QD"),
        ("date_of_birth", date(2015, 4, 7), date(2015, 7, 4)),
        ("gender", "M", "F"),
        ("upn", "B999911716329", "U999911116507"),
    ],
)
def test_real_difference_not_same(field, incoming, held):
    assert not normalise.same_value(field, incoming, held)


@pytest.mark.parametrize(
    ("field", "incoming", "held"),
    [
        ("date_of_birth", date(1900, 1, 1), date(2012, 3, 9)),
        ("upn", "C99991202407B", "D999915316775"),
        ("upn", "UNKNOWN", "D999915316775"),
        ("gender", "U", "M"),
        ("forename", "", "Evie"),
    ],
)
def test_absent_incoming_value_never_differs(field, incoming, held):
    assert normalise.same_value(field, incoming, held)


def test_empty_la_value_differs_from_incoming_value():
    assert not normalise.same_value("upn", "D999915316775", "")
    assert not normalise.same_value("date_of_birth", date(2012, 3, 9), date(1900, 1, 1))


def test_same_value_rejects_unknown_field():
    with pytest.raises(ValueError, match="ethnicity is not a matching field"):
        normalise.same_value("ethnicity", "a", "b")
