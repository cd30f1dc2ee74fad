"""The portal file JSON Schema, and its errors in plain words."""

import json
from collections.abc import Iterable
from pathlib import Path

import fastjsonschema
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

# docs/formats/portal-file.schema.json links to this file.
SCHEMA_PATH = Path(__file__).with_name("portal-file.schema.json")
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
_VALIDATOR = Draft202012Validator(SCHEMA)
# jsonschema describes an error well but took most of a file's reading time.
# fastjsonschema compiles the schema to Python and only checks that a file
# fits, so it runs first and jsonschema runs only on a file that fails. The
# schema uses only keywords both support (tests/intake/test_formats_schema.py).
_FITS = fastjsonschema.compile(SCHEMA)

_TYPE_NAMES = {
    "object": "an object",
    "array": "a list",
    "string": "text",
    "number": "a number",
    "boolean": "true or false",
    "null": "null",
}
_SCALAR_TYPES = {"string", "number", "boolean", "null"}
_PATTERN_FORMS = {
    "created_at": "a date and time like 2026-11-04T09:30:00Z",
    "laestab": "7 digits, the LA code followed by the establishment number",
    "file_id": "letters, digits, dots, hyphens and underscores, starting with a letter or digit",
}


def schema_problem(document: object) -> tuple[tuple, str] | None:
    """Return the path and description of the most relevant schema error, or None."""
    try:
        _FITS(document)
    except fastjsonschema.JsonSchemaException:
        pass
    else:
        return None
    # best_match keeps the first of equally relevant errors, so sorting first
    # reports the earliest child in the file.
    errors = sorted(_VALIDATOR.iter_errors(document), key=_document_order)
    error = best_match(errors)
    if error is None:
        return None
    return _describe(error)


def element_path(path: Iterable) -> str:
    """Write a path as header.base.laestab or children[3].carers; list indexes count from 0."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text.lstrip(".") or "(the top level)"


def _document_order(error: ValidationError) -> list[tuple[int, int | str]]:
    return [(0, part) if isinstance(part, int) else (1, part) for part in error.absolute_path]


def _describe(error: ValidationError) -> tuple[tuple, str]:
    path = tuple(error.absolute_path)
    kind = error.validator

    if kind == "required":
        missing = sorted(set(error.validator_value) - set(error.instance))
        return (*path, missing[0]), "missing"
    if kind == "additionalProperties":
        known = set(error.schema.get("properties", {}))
        unknown = sorted(set(error.instance) - known)
        return (*path, unknown[0]), "not an element of this format; check its spelling"
    if kind == "type":
        expected = error.validator_value
        names = [expected] if isinstance(expected, str) else expected
        if set(names) == _SCALAR_TYPES:
            return path, "expected text, a number, true, false or null"
        return path, "expected " + _or_list([_TYPE_NAMES[name] for name in names])
    if kind == "enum":
        allowed = _or_list([json.dumps(value) for value in error.validator_value])
        return path, f"{json.dumps(error.instance)} is not allowed here; expected {allowed}"
    if kind == "pattern":
        form = _PATTERN_FORMS.get(str(path[-1]) if path else "", "the documented form")
        return path, f"expected {form}"
    if kind == "minLength":
        return path, "must not be empty"
    if kind == "maxLength":
        return path, f"must be at most {error.validator_value} characters long"
    if kind in ("minProperties", "maxProperties"):
        return path, "expected exactly one of laestab or portal_application_type"
    return path, error.message


def _or_list(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " or " + items[-1]
