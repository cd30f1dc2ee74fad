"""Record checks: each invalid value gives one error with its exact message, placeholders none."""

import json
from datetime import date

import pytest

from portal_backoffice.intake.formats import FieldError, read_portal_file

TODAY = date(2026, 12, 1)
HEADER = {
    "schema_version": "1.0",
    "file_id": "2YO-2026-11-0001",
    "source": "provider_portal",
    "module": "2YO",
    "base": {"laestab": "9998001"},
    "created_at": "2026-11-04T09:30:00Z",
}
CHILD = {
    "forename": "Oliver",
    "surname": "Brennan",
    "date_of_birth": "2024-03-12",
    "gender": "M",
    "postcode": "ZZ6 4PL",
    "carers": [{"forename": "Siobhan", "surname": "Brennan", "ni_number": "WP903364D"}],
    "module_data": {"basis": ["ECO"]},
}


def _child(**changes):
    record = {**CHILD, **changes}
    content = json.dumps({"header": HEADER, "children": [record]}).encode()
    return read_portal_file(content, "2yo.json", today=TODAY).children[0]


def _carer_child(**changes):
    return _child(carers=[{**CHILD["carers"][0], **changes}])


def test_clean_record_has_no_errors():
    assert _child().errors == []


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"surname": ""}, FieldError("surname", "Surname is missing")),
        ({"surname": None}, FieldError("surname", "Surname is missing")),
        (
            {"date_of_birth": "2019-02-31"},
            FieldError("date_of_birth", "Date of birth 2019-02-31 is not a real date"),
        ),
        (
            {"date_of_birth": "12/03/2024"},
            FieldError(
                "date_of_birth", "Date of birth 12/03/2024 is not a date in the form yyyy-mm-dd"
            ),
        ),
        (
            {"date_of_birth": "2026-12-02"},
            FieldError("date_of_birth", "Date of birth 2026-12-02 is in the future"),
        ),
        (
            {"upn": "F373200124124"},
            FieldError(
                "upn",
                "UPN F373200124124 is not valid. Enter a UPN with the right check letter: "
                "the first letter does not fit the rest",
            ),
        ),
        (
            {"upn": "F37320012412"},
            FieldError(
                "upn",
                "UPN F37320012412 is not valid. Enter a UPN of 13 characters, a letter "
                "followed by 11 digits and a digit or letter",
            ),
        ),
        (
            {"postcode": "ZZ1"},
            FieldError(
                "postcode", "Postcode ZZ1 is not valid. Enter a real postcode, like LS6 3QW"
            ),
        ),
        ({"gender": "Q"}, FieldError("gender", "Gender Q is not valid. Enter M, F or U")),
        (
            {"ncy": "Y7"},
            FieldError(
                "ncy", "NCY Y7 is not valid. Enter E1, E2, N1, N2, R, X or a year from 1 to 14"
            ),
        ),
        (
            {"module_data": {"basis": ["ECO", "XYZ"]}},
            FieldError(
                "module_data.basis", "Basis for funding XYZ is not valid. Enter ECO, HSD or LAA"
            ),
        ),
        (
            {"module_data": {}},
            FieldError("module_data.basis", "Basis for funding is missing. Enter ECO, HSD or LAA"),
        ),
        (
            {"sen": [{"provision": "Z"}]},
            FieldError("sen[1].provision", "SEN provision Z is not valid. Enter E, K or N"),
        ),
        (
            {"exclusions": [{"category": "FIXD", "start_date": "2025-10-31", "sessions": "two"}]},
            FieldError("exclusions[1].sessions", "Exclusion sessions two is not a whole number"),
        ),
        (
            {"looked_after": [{"start_date": "2025-13-01"}]},
            FieldError(
                "looked_after[1].start_date",
                "Looked-after start date 2025-13-01 is not a real date",
            ),
        ),
    ],
)
def test_child_value_error(changes, error):
    assert _child(**changes).errors == [error]


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        (
            {"ni_number": "DT520817A"},
            FieldError(
                "carers[1].ni_number",
                "Carer 1 National Insurance number DT520817A is not valid. Enter a National "
                "Insurance number in the right format, like QQ 12 34 56 C",
            ),
        ),
        (
            {"ni_number": "OO123456A"},
            FieldError(
                "carers[1].ni_number",
                "Carer 1 National Insurance number OO123456A is not valid. Enter a National "
                "Insurance number, not an administrative reference",
            ),
        ),
        (
            {"nass_number": "2413512345"},
            FieldError(
                "carers[1].nass_number",
                "Carer 1 asylum support reference number 2413512345 is not valid. Enter an asylum "
                "support reference number of 9 or 10 digits, with digits 3 and 4 a month from "
                "01 to 12",
            ),
        ),
        (
            {"postcode": "LS6 3QC"},
            FieldError(
                "carers[1].postcode",
                "Carer 1 postcode LS6 3QC is not valid. Enter a real postcode, like LS6 3QW",
            ),
        ),
        (
            {"date_of_birth": "1990-02-29"},
            FieldError(
                "carers[1].date_of_birth", "Carer 1 date of birth 1990-02-29 is not a real date"
            ),
        ),
        (
            {"parental_responsibility": "maybe"},
            FieldError(
                "carers[1].parental_responsibility",
                "Carer 1 parental responsibility maybe is not valid. Enter yes or no",
            ),
        ),
    ],
)
def test_carer_value_error(changes, error):
    assert _carer_child(**changes).errors == [error]


def test_invalid_values_read_as_empty():
    child = _child(upn="F373200124124", postcode="ZZ1", date_of_birth="2019-02-31")

    assert (child.upn, child.postcode, child.date_of_birth) == ("", "", None)
    assert len(child.errors) == 3


def test_several_errors_in_file_order():
    child = _child(surname="", date_of_birth="2030-01-01", postcode="Q1 1AA")

    assert [error.field for error in child.errors] == ["surname", "date_of_birth", "postcode"]


@pytest.mark.parametrize("placeholder", ["UNKNOWN", "N/A", "TBC", "n/a", " unknown ", "-", None])
def test_placeholder_text_is_missing_not_an_error(placeholder):
    child = _child(
        upn=placeholder,
        postcode=placeholder,
        gender=placeholder,
        ncy=placeholder,
        middle_names=placeholder,
    )

    assert child.errors == []
    assert (child.upn, child.postcode, child.gender, child.ncy, child.middle_names) == (
        "",
        "",
        "",
        "",
        "",
    )


def test_placeholder_date_is_missing_not_an_error():
    child = _child(date_of_birth="1900-01-01")

    assert child.errors == []
    assert child.date_of_birth is None


def test_placeholder_forename_is_missing():
    child = _child(forename="Baby")

    assert child.errors == []
    assert child.forename == ""


def test_placeholder_surname_counts_as_missing():
    assert _child(surname="UNKNOWN").errors == [FieldError("surname", "Surname is missing")]


def test_placeholder_carer_identifiers_are_missing():
    child = _carer_child(ni_number="N/A", nass_number="TBC", date_of_birth="1900-01-01")

    assert child.errors == []
    assert (child.carers[0].ni_number, child.carers[0].nass_number) == ("", "")
    assert child.carers[0].date_of_birth is None


def test_values_keep_case_and_lose_extra_spaces():
    child = _child(forename="  LUCJA  ", surname="Wiśniewska", address_line_1="14   Larkspur Close")

    assert child.forename == "LUCJA"
    assert child.surname == "Wiśniewska"
    assert child.address_line_1 == "14 Larkspur Close"


def test_decomposed_accents_become_composed():
    child = _child(surname="Nowak\u0301")

    assert child.surname == "Nowak\u0301".replace("k\u0301", "\u1e31")


def test_gender_words_are_read():
    assert _child(gender="female").gender == "F"
    assert _child(gender="Boy").gender == "M"
    assert _child(gender="u").gender == "U"


def test_temporary_upn_is_accepted():
    assert _child(upn="Z82320102415C").upn == "Z82320102415C"


def test_upn_spaces_removed():
    assert _child(upn="f 3732 0012 4123").upn == "F373200124123"


def test_test_area_postcode_accepted():
    assert _child(postcode="zz12 3ab").postcode == "ZZ12 3AB"
