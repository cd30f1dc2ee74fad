"""Reading the JSON portal file: good files, and each way a file is rejected whole."""

import json
from datetime import UTC, date, datetime

import pytest

from portal_backoffice.intake.formats import FileRejected, read_portal_file

TODAY = date(2026, 12, 1)
HEADER = {
    "schema_version": "1.0",
    "file_id": "FSM-2026-11-0001",
    "source": "citizen_portal",
    "module": "FSM",
    "base": {"portal_application_type": "FSM"},
    "created_at": "2026-11-04T09:30:00Z",
}
CHILD = {
    "forename": "Isla",
    "middle_names": "Rowan",
    "surname": "Penrose",
    "date_of_birth": "2016-09-09",
    "gender": "F",
    "upn": "F373200124123",
    "address_line_1": "14 Larkspur Close",
    "town": "Ashbury",
    "postcode": "zz5 7ht",
    "carers": [
        {
            "title": "Mrs",
            "forename": "Rebecca",
            "surname": "Penrose",
            "date_of_birth": "1987-02-14",
            "ni_number": "ht 52 08 17 a",
            "relationship": "mother",
            "parental_responsibility": "yes",
        }
    ],
    "module_data": {"eligibility_check_reference": "ECS12345678"},
}


def _read(document, name="fsm-2026-11.json"):
    content = document if isinstance(document, bytes) else json.dumps(document).encode()
    return read_portal_file(content, name, today=TODAY)


def _rejection(document, name="fsm-2026-11.json") -> str:
    with pytest.raises(FileRejected) as raised:
        _read(document, name)
    return str(raised.value)


def test_json_header_is_typed():
    parsed = _read({"header": HEADER, "children": [CHILD]})

    assert parsed.file_format == "json"
    assert parsed.header.file_id == "FSM-2026-11-0001"
    assert parsed.header.source == "citizen_portal"
    assert parsed.header.module == "FSM"
    assert parsed.header.portal_application_type == "FSM"
    assert parsed.header.base_laestab == ""
    assert parsed.header.created_at == datetime(2026, 11, 4, 9, 30, tzinfo=UTC)


def test_json_child_is_typed_and_normalised():
    child = _read({"header": HEADER, "children": [CHILD]}).children[0]

    assert child.record_number == 1
    assert child.raw == CHILD
    assert (child.forename, child.middle_names, child.surname) == ("Isla", "Rowan", "Penrose")
    assert child.date_of_birth == date(2016, 9, 9)
    assert child.gender == "F"
    assert child.upn == "F373200124123"
    assert child.postcode == "ZZ5 7HT"
    assert child.module_data == {"eligibility_check_reference": "ECS12345678"}
    assert child.errors == []
    assert child.is_valid


def test_json_carer_is_typed():
    carer = _read({"header": HEADER, "children": [CHILD]}).children[0].carers[0]

    assert carer.priority == 1
    assert (carer.title, carer.forename, carer.surname) == ("Mrs", "Rebecca", "Penrose")
    assert carer.date_of_birth == date(1987, 2, 14)
    assert carer.ni_number == "HT520817A"
    assert carer.relationship == "mother"
    assert carer.parental_responsibility is True


def test_json_provider_file_names_laestab():
    header = {
        **HEADER,
        "source": "provider_portal",
        "module": "HEADCOUNT",
        "base": {"laestab": "9991001"},
    }

    parsed = _read({"header": header, "children": []})

    assert parsed.header.base_laestab == "9991001"
    assert parsed.header.portal_application_type == ""
    assert parsed.children == []


def test_json_time_without_offset_is_uk_time():
    parsed = _read({"header": {**HEADER, "created_at": "2026-07-01T09:30"}, "children": []})

    assert parsed.header.created_at.utcoffset().total_seconds() == 3600


def test_json_extra_data_is_read():
    child = {
        **CHILD,
        "sen": [{"provision": "A", "need_type": "slcn", "start_date": "2023-09-01"}],
        "exclusions": [{"category": "FIXD", "start_date": "2025-10-02", "sessions": 4}],
        "looked_after": [{"start_date": "2024-01-31", "care_authority": "999"}],
        "leaver": {"leaving_date": "2026-07-20", "reason": "Moved out of the area"},
    }

    extra = _read({"header": HEADER, "children": [child]}).children[0].extra_data

    assert extra["sen"] == [
        {"provision": "K", "need_type": "SLCN", "start_date": "2023-09-01", "end_date": None}
    ]
    assert extra["exclusions"][0]["sessions"] == 4
    assert extra["looked_after"][0]["care_authority"] == "999"
    assert extra["leaver"] == {
        "leaving_date": "2026-07-20",
        "reason": "Moved out of the area",
        "destination": "",
    }


def test_json_bom_is_allowed():
    content = b"\xef\xbb\xbf" + json.dumps({"header": HEADER, "children": []}).encode()

    assert _read(content).header.file_id == "FSM-2026-11-0001"


def test_json_format_chosen_by_content():
    parsed = _read({"header": HEADER, "children": []}, name="upload-17")

    assert parsed.file_format == "json"


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (
            b'{\n "header": {}\n "children": []\n}',
            "fsm-2026-11.json, line 3: the file is not valid JSON "
            "(Expecting ',' delimiter at column 2)",
        ),
        (
            b"\xff\xfe{}",
            "fsm-2026-11.json: the file is not UTF-8 text (invalid byte at position 0)",
        ),
        (
            b'{"header": NaN}',
            "fsm-2026-11.json: the file is not valid JSON (NaN is not a JSON value)",
        ),
        ([], "fsm-2026-11.json, element (the top level): expected an object"),
        ({"children": []}, "fsm-2026-11.json, element header: missing"),
        ({"header": HEADER}, "fsm-2026-11.json, element children: missing"),
        ({"header": HEADER, "children": {}}, "fsm-2026-11.json, element children: expected a list"),
        (
            {"header": HEADER, "children": [CHILD, CHILD, CHILD, {**CHILD, "carers": {}}]},
            "fsm-2026-11.json, element children[3].carers: expected a list",
        ),
        (
            {"header": HEADER, "children": [{**CHILD, "surname": {"value": "Penrose"}}]},
            "fsm-2026-11.json, element children[0].surname: "
            "expected text, a number, true, false or null",
        ),
        (
            {"header": HEADER, "children": [{**CHILD, "surnme": "Penrose"}]},
            "fsm-2026-11.json, element children[0].surnme: "
            "not an element of this format; check its spelling",
        ),
        (
            {"header": {**HEADER, "source": "citizen"}, "children": []},
            'fsm-2026-11.json, element header.source: "citizen" is not allowed here; '
            'expected "citizen_portal" or "provider_portal"',
        ),
        (
            {"header": {**HEADER, "module": "LIBRARY"}, "children": []},
            'fsm-2026-11.json, element header.module: "LIBRARY" is not allowed here; '
            'expected "FSM", "2YO", "TRANSPORT", "HEADCOUNT" or "EY_ASSESSMENT"',
        ),
        (
            {"header": {**HEADER, "module": "HEADCOUNT"}, "children": []},
            'fsm-2026-11.json, element header.module: "HEADCOUNT" is not allowed here; '
            'expected "FSM", "2YO" or "TRANSPORT"',
        ),
        (
            {"header": {**HEADER, "base": {"portal_application_type": "2YO"}}, "children": []},
            "fsm-2026-11.json, element header.base.portal_application_type: "
            "the portal application type 2YO does not match the module FSM",
        ),
        (
            {
                "header": {
                    **HEADER,
                    "source": "provider_portal",
                    "module": "HEADCOUNT",
                    "base": {"laestab": "999100"},
                },
                "children": [],
            },
            "fsm-2026-11.json, element header.base.laestab: "
            "expected 7 digits, the LA code followed by the establishment number",
        ),
        (
            {"header": {**HEADER, "created_at": "04/11/2026"}, "children": []},
            "fsm-2026-11.json, element header.created_at: "
            "expected a date and time like 2026-11-04T09:30:00Z",
        ),
        (
            {"header": {**HEADER, "created_at": "2026-02-30T09:30:00Z"}, "children": []},
            "fsm-2026-11.json, element header.created_at: "
            "2026-02-30T09:30:00Z is not a real date and time",
        ),
        (
            {"header": {**HEADER, "file_id": ""}, "children": []},
            "fsm-2026-11.json, element header.file_id: must not be empty",
        ),
        (
            {"header": {**HEADER, "schema_version": "2.0"}, "children": []},
            'fsm-2026-11.json, element header.schema_version: "2.0" is not allowed here; '
            'expected "1.0"',
        ),
    ],
)
def test_json_file_rejected(document, message):
    assert _rejection(document) == message
