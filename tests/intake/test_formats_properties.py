"""Any input either reads or is rejected with FileRejected; nothing else escapes the reader."""

import json
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal_backoffice.intake.formats import FileRejected, read_portal_file

TODAY = date(2026, 12, 1)
HEADER = {
    "schema_version": "1.0",
    "file_id": "TR-1",
    "source": "citizen_portal",
    "module": "TRANSPORT",
    "base": {"portal_application_type": "TRANSPORT"},
    "created_at": "2026-11-04T09:30:00Z",
}
_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
)
_CHILD_FIELDS = ["forename", "surname", "date_of_birth", "gender", "upn", "postcode", "ncy"]


def _read_or_reject(content: bytes, name: str):
    try:
        return read_portal_file(content, name, today=TODAY)
    except FileRejected as error:
        assert str(error).startswith(name)
        return None


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(content=st.binary(max_size=200), name=st.sampled_from(["f.json", "f.csv", "upload"]))
def test_random_bytes_read_or_rejected(content, name):
    _read_or_reject(content, name)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(child=st.fixed_dictionaries({}, optional=dict.fromkeys(_CHILD_FIELDS, _SCALARS)))
def test_any_scalar_values_make_a_record(child):
    content = json.dumps({"header": HEADER, "children": [child]}).encode()

    parsed = read_portal_file(content, "tr.json", today=TODAY)

    submission = parsed.children[0]
    assert submission.raw == child
    assert all(error.message for error in submission.errors)
    assert submission.gender in ("", "M", "F", "U")


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(
    values=st.lists(
        st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=12),
        min_size=3,
        max_size=3,
    )
)
def test_any_csv_cells_read_or_rejected(values):
    text = (
        "schema_version,file_id,source,module,portal_application_type,created_at,"
        "forename,surname,date_of_birth\n"
        "1.0,TR-1,citizen_portal,TRANSPORT,TRANSPORT,04/11/2026 09:30,"
        + ",".join(json.dumps(value) for value in values)
        + "\n"
    )

    _read_or_reject(text.encode(), "tr.csv")
