"""Generated bad input through the whole import: every file is rejected or stored.

The reader's own property tests cover parsing. These go on to storing and
matching, where a value the reader let through can still break a database
column or the matcher.
"""

import csv
import io
import itertools
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from portal_files import LAESTAB

from portal_backoffice.intake.formats import FileRejected
from portal_backoffice.intake.formats.csv_columns import CARER_FIELDS, CHILD_COLUMNS
from portal_backoffice.intake.models import IncomingStudent
from portal_backoffice.intake.models.choices import State
from portal_backoffice.intake.services.importing import incoming_file_import

pytestmark = pytest.mark.django_db

_file_numbers = itertools.count(1)

# Text that stresses columns and parsers: long, non-Latin, control characters, quotes.
_TEXT = st.one_of(
    st.text(max_size=12),
    st.text(min_size=90, max_size=400),
    st.sampled_from(["", " ", "N/A", "0", "\u0000", '"', "'; DROP TABLE x;--", "Zoë Ó Dálaigh"]),
)
_VALUE = st.one_of(
    _TEXT,
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)
_CHILD = st.dictionaries(st.sampled_from(CHILD_COLUMNS), _VALUE, max_size=len(CHILD_COLUMNS))
_CARER = st.dictionaries(st.sampled_from(CARER_FIELDS), _VALUE, max_size=6)
_IMPORT_SETTINGS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


def header(file_id: str) -> dict:
    return {
        "schema_version": "1.0",
        "file_id": file_id,
        "source": "provider_portal",
        "module": "HEADCOUNT",
        "base": {"laestab": LAESTAB},
        "created_at": "2026-11-30T09:00:00Z",
    }


def import_or_reject(content: bytes, name: str) -> list[IncomingStudent]:
    """Import the file and return its students, or [] when it is rejected with a clear message."""
    try:
        result = incoming_file_import(content=content, name=name)
    except FileRejected as rejection:
        assert str(rejection).startswith(name)
        return []
    return list(result.incoming_file.students.all())


def assert_stored_as_valid_or_invalid(students: list[IncomingStudent]) -> None:
    for student in students:
        if student.state == State.INVALID:
            assert student.errors
        else:
            assert not student.errors


@_IMPORT_SETTINGS
@given(children=st.lists(_CHILD, min_size=1, max_size=4), carers=st.lists(_CARER, max_size=2))
def test_json_children_with_any_values(school, children, carers):
    file_id = f"PROP-JSON-{next(_file_numbers)}"
    for child in children:
        child["carers"] = carers
    content = json.dumps({"header": header(file_id), "children": children}).encode()

    students = import_or_reject(content, f"{file_id}.json")

    assert_stored_as_valid_or_invalid(students)


@_IMPORT_SETTINGS
@given(
    rows=st.lists(st.dictionaries(st.sampled_from(CHILD_COLUMNS), _TEXT), min_size=1, max_size=4)
)
def test_csv_rows_with_any_text(school, rows):
    file_id = f"PROP-CSV-{next(_file_numbers)}"
    head = header(file_id)
    fixed = {key: value for key, value in head.items() if key != "base"}
    fixed["base_laestab"] = LAESTAB
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=[*fixed, *CHILD_COLUMNS])
    writer.writeheader()
    for row in rows:
        writer.writerow({**fixed, **row})

    students = import_or_reject(buffer.getvalue().encode(), f"{file_id}.csv")

    assert_stored_as_valid_or_invalid(students)


@_IMPORT_SETTINGS
@given(document=st.recursive(_VALUE, lambda inner: st.lists(inner, max_size=3), max_leaves=8))
def test_json_of_wrong_shape_is_rejected(school, document):
    name = f"PROP-SHAPE-{next(_file_numbers)}.json"

    with pytest.raises(FileRejected) as rejection:
        incoming_file_import(content=json.dumps(document).encode(), name=name)

    assert str(rejection.value).startswith(name)


@_IMPORT_SETTINGS
@given(
    content=st.one_of(
        st.binary(max_size=300),
        st.text(max_size=300).map(str.encode),
        st.sampled_from([b"\xef\xbb\xbf", b"{" * 5000, b"[" * 100000, b"\x00" * 10]),
    )
)
def test_any_bytes_are_rejected_or_imported(school, content):
    name = f"PROP-BYTES-{next(_file_numbers)}.json"

    students = import_or_reject(content, name)

    assert_stored_as_valid_or_invalid(students)


def test_record_count_limit_names_file_and_limit(school, settings):
    settings.PORTAL_MAX_RECORDS_PER_FILE = 2
    content = json.dumps({"header": header("LIMIT-1"), "children": [{}, {}, {}]}).encode()

    with pytest.raises(FileRejected) as rejection:
        incoming_file_import(content=content, name="big.json")

    assert str(rejection.value) == (
        "big.json: the file has 3 records, more than the limit of 2 "
        "(PORTAL_MAX_RECORDS_PER_FILE). Split it into smaller files and import each"
    )


def test_size_limit_names_file_and_limit(school, settings):
    settings.PORTAL_MAX_UPLOAD_BYTES = 1000

    with pytest.raises(FileRejected) as rejection:
        incoming_file_import(content=b" " * 1001, name="big.json")

    assert str(rejection.value) == (
        "big.json: the file is 1,001 bytes, more than the limit of 1,000 bytes "
        "(PORTAL_MAX_UPLOAD_BYTES). Split it into smaller files and import each"
    )


@pytest.mark.parametrize("depth", [500, 990, 5000, 100_000])
def test_deeply_nested_json_is_rejected(school, depth):
    content = ("[" * depth + "]" * depth).encode()

    with pytest.raises(FileRejected) as rejection:
        incoming_file_import(content=content, name="deep.json")

    assert str(rejection.value).startswith("deep.json")


@pytest.mark.parametrize("depth", [500, 990, 5000])
def test_deeply_nested_child_value_is_rejected_or_stored(school, depth):
    nested = "[" * depth + "]" * depth
    content = (
        '{"header": '
        + json.dumps(header(f"DEEP-{depth}"))
        + ', "children": [{"forename": '
        + nested
        + ', "module_data": {"notes": '
        + nested
        + "}}]}"
    ).encode()

    students = import_or_reject(content, "deep.json")

    assert_stored_as_valid_or_invalid(students)


def test_unstorable_text_makes_record_invalid(school):
    children = [
        {"surname": "Brackenbury", "forename": "Quil\u0000lan", "registration_group": "R" * 21},
        {"surname": "Brackenbury\ud800", "carers": [{"title": "T" * 21}]},
        {"surname": "Brackenbury", "module_data": {"notes\u0000": "a\u0000b"}},
    ]
    content = json.dumps({"header": header("UNSTORABLE-1"), "children": children}).encode()

    students = import_or_reject(content, "unstorable.json")

    first, second, third = sorted(students, key=lambda student: student.record_number)
    assert first.state == State.INVALID
    assert first.errors == [
        {"field": "forename", "message": "Forename contains a character that is not text"},
        {
            "field": "registration_group",
            "message": "Registration group must be 20 characters or fewer",
        },
    ]
    assert first.forename == "Quil\ufffdlan"
    assert first.registration_group == "R" * 20
    assert second.state == State.INVALID
    assert [error["field"] for error in second.errors] == ["surname", "carers[1].title"]
    assert second.carers.get().title == "T" * 20
    assert "\u0000" not in json.dumps(third.module_data)
