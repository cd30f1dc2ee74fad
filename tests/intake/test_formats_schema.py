"""The quick schema check and jsonschema agree on which portal files fit the schema.

schema_problem runs fastjsonschema first and describes a fault with jsonschema.
If the quick check passed a file that jsonschema rejects, the fault would go
unreported, so these tests require the two to return the same result.
"""

import json

import fastjsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from portal_backoffice.intake.formats.schema import _FITS, _VALIDATOR, SCHEMA, schema_problem

# Keywords that mean the same to fastjsonschema (drafts 4 to 7) and to a
# draft 2020-12 validator. Annotations such as title change no result.
SHARED_KEYWORDS = {
    "$defs",
    "$id",
    "$ref",
    "$schema",
    "additionalProperties",
    "allOf",
    "const",
    "description",
    "enum",
    "if",
    "items",
    "maxLength",
    "maxProperties",
    "minLength",
    "minProperties",
    "pattern",
    "properties",
    "required",
    "then",
    "title",
    "type",
}

VALID = {
    "header": {
        "schema_version": "1.0",
        "file_id": "TR-1",
        "source": "citizen_portal",
        "module": "TRANSPORT",
        "base": {"portal_application_type": "TRANSPORT"},
        "created_at": "2026-11-04T09:30:00Z",
    },
    "children": [
        {
            "forename": "Ada",
            "surname": "Okafor",
            "date_of_birth": "2019-03-02",
            "carers": [{"forename": "Nkem", "surname": "Okafor", "relationship": "Mother"}],
        }
    ],
}


def _keywords(node, found: set[str]) -> set[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            found.add(key)
            if key in ("properties", "$defs"):
                for member in value.values():
                    _keywords(member, found)
            else:
                _keywords(value, found)
    elif isinstance(node, list):
        for member in node:
            _keywords(member, found)
    return found


def _fits_quickly(document) -> bool:
    try:
        _FITS(document)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def test_schema_uses_only_keywords_both_validators_share():
    assert _keywords(SCHEMA, set()) <= SHARED_KEYWORDS


def test_valid_file_fits_both():
    assert _VALIDATOR.is_valid(VALID)
    assert _fits_quickly(VALID)
    assert schema_problem(VALID) is None


def test_fault_still_described():
    document = json.loads(json.dumps(VALID))
    document["children"][0]["carers"][0]["relationship"] = ["Mother"]

    path, description = schema_problem(document)

    assert path == ("children", 0, "carers", 0, "relationship")
    assert description


_VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-3, max_value=3),
    st.text(max_size=12),
    st.just(""),
    st.just("x" * 300),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.sampled_from(["forename", "extra"]), st.text(max_size=4), max_size=2),
)
_PLACES = st.sampled_from(
    [
        ("header", "file_id"),
        ("header", "source"),
        ("header", "module"),
        ("header", "base"),
        ("header", "created_at"),
        ("header", "unknown"),
        ("children",),
        ("children", 0, "ncy"),
        ("children", 0, "forename"),
        ("children", 0, "date_of_birth"),
        ("children", 0, "carers"),
        ("children", 0, "carers", 0, "relationship"),
        ("children", 0, "carers", 0, "ni_number"),
        ("children", 0, "unknown"),
    ]
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(changes=st.lists(st.tuples(_PLACES, _VALUES), min_size=1, max_size=3))
def test_both_validators_agree_on_changed_files(changes):
    document = json.loads(json.dumps(VALID))
    for path, value in changes:
        target = document
        for step in path[:-1]:
            if not isinstance(target, dict | list):
                break
            try:
                target = target[step]
            except (KeyError, IndexError, TypeError):
                break
        else:
            if isinstance(target, dict) or (isinstance(target, list) and path[-1] < len(target)):
                target[path[-1]] = value

    assert _fits_quickly(document) == _VALIDATOR.is_valid(document)
