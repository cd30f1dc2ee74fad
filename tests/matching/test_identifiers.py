"""UPN, NI number, NASS number and postcode rules, on the DfE and HMRC vectors."""

import pytest

from portal_backoffice.matching import identifiers


@pytest.mark.parametrize("upn", ["F373200124123", "X936400123507", "f3732 0012 4123"])
def test_permanent_upn_valid(upn):
    assert identifiers.is_valid_upn(upn)
    assert not identifiers.is_temporary_upn(upn)


def test_temporary_upn_valid_and_temporary():
    assert identifiers.is_valid_upn("Z82320102415C")
    assert identifiers.is_temporary_upn("Z82320102415C")


@pytest.mark.parametrize(
    "upn",
    ["F373200124124", "I373200124123", "Z82320102415S", "F37320A124123", "F37320012412"],
)
def test_upn_invalid(upn):
    assert not identifiers.is_valid_upn(upn)


def test_upn_check_letter_computed():
    assert identifiers.upn_check_letter("F373200124123") == "F"
    assert identifiers.upn_check_letter("F373200124124") == "V"


def test_upn_messages_name_the_problem():
    assert identifiers.validate_upn("F37320012412") == (
        "Enter a UPN of 13 characters, a letter followed by 11 digits and a digit or letter"
    )
    assert identifiers.validate_upn("F373200124124") == (
        "Enter a UPN with the right check letter: the first letter does not fit the rest"
    )
    assert identifiers.validate_upn("F373200124123") is None


@pytest.mark.parametrize(
    ("value", "normalised"), [("HT 52 08 17 A", "HT520817A"), ("wp903364d", "WP903364D")]
)
def test_ni_number_valid(value, normalised):
    assert identifiers.normalise_ni_number(value) == normalised
    assert identifiers.is_valid_ni_number(value)


@pytest.mark.parametrize(
    "value",
    ["DT520817A", "HO520817A", "GB520817A", "NT520817A", "HT520817E", "QQ123456C", "HT52081A"],
)
def test_ni_number_invalid(value):
    assert not identifiers.is_valid_ni_number(value)


def test_ni_number_admin_prefix_rejected():
    assert identifiers.validate_ni_number("OO123456A") == (
        "Enter a National Insurance number, not an administrative reference"
    )


@pytest.mark.parametrize("value", ["2403512345", "190712345"])
def test_nass_number_valid(value):
    assert identifiers.validate_nass_number(value) is None


@pytest.mark.parametrize(
    "value", ["2413512345", "AB03512345", "24-03-51234", "24035123", "01011234567890"]
)
def test_nass_number_invalid(value):
    assert identifiers.validate_nass_number(value) is not None


@pytest.mark.parametrize(
    ("value", "normalised"),
    [("ls6 3qw", "LS6 3QW"), ("ec2v7xa", "EC2V 7XA"), ("M3 4TD", "M3 4TD"), ("gir0aa", "GIR 0AA")],
)
def test_postcode_valid(value, normalised):
    assert identifiers.normalise_postcode(value) == normalised
    assert identifiers.is_valid_postcode(value, allow_test_area=False)


@pytest.mark.parametrize("value", ["QA1 1AA", "AJ1 2AB", "LS6 3QC", "LSX 3QW", "LS6 3Q"])
def test_postcode_invalid(value):
    assert not identifiers.is_valid_postcode(value)


def test_postcode_sector_and_district():
    assert identifiers.postcode_sector("ls63qw") == "LS6 3"
    assert identifiers.postcode_district("ls63qw") == "LS6"
