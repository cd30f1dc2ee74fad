"""Read the JSON portal file format."""

import json
from datetime import date

from .header import file_header_read
from .records import child_submission_read
from .schema import element_path, schema_problem
from .types import FileRejected, ParsedFile
from .values import DATE_STYLE_ISO


def read_json_file(text: str, name: str, *, today: date) -> ParsedFile:
    document = _parse(text, name)

    problem = schema_problem(document)
    if problem is not None:
        path, message = problem
        raise FileRejected(f"{name}, element {element_path(path)}: {message}")

    header = file_header_read(
        document["header"],
        created_at_where=f"{name}, element header.created_at",
        base_where=f"{name}, element header.base.portal_application_type",
    )
    children = [
        child_submission_read(
            record_number=number,
            raw=child,
            child=child,
            module=header.module,
            date_style=DATE_STYLE_ISO,
            today=today,
        )
        for number, child in enumerate(document["children"], start=1)
    ]
    return ParsedFile(name=name, file_format="json", header=header, children=children)


def _parse(text: str, name: str) -> object:
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise FileRejected(
            f"{name}, line {error.lineno}: the file is not valid JSON "
            f"({error.msg} at column {error.colno})"
        ) from None
    except ValueError as error:
        raise FileRejected(f"{name}: the file is not valid JSON ({error})") from None
    except RecursionError:
        # Python's json module recurses once per level of nesting.
        raise FileRejected(
            f"{name}: the file nests arrays or objects too deeply to be a portal file"
        ) from None


def _reject_constant(constant: str) -> None:
    # Python's json module accepts NaN and Infinity, which JSON does not allow.
    raise ValueError(f"{constant} is not a JSON value")
