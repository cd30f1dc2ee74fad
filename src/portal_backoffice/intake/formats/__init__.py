"""Read portal files, JSON or flat CSV, into typed child submissions.

A file that cannot be read or does not fit the format raises FileRejected;
a record with bad values is returned with its errors listed.
"""

from datetime import date

from .csv_reader import read_csv_file
from .json_reader import read_json_file
from .types import (
    CarerSubmission,
    ChildSubmission,
    FieldError,
    FileHeader,
    FileRejected,
    ParsedFile,
)

__all__ = [
    "CarerSubmission",
    "ChildSubmission",
    "FieldError",
    "FileHeader",
    "FileRejected",
    "ParsedFile",
    "read_portal_file",
]


def read_portal_file(content: bytes, name: str, *, today: date | None = None) -> ParsedFile:
    """Read a portal file, choosing the format by the name's extension, else by its content.

    today is the date after which a date of birth is in the future; it
    defaults to the current date.
    """
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise FileRejected(
            f"{name}: the file is not UTF-8 text (invalid byte at position {error.start})"
        ) from None
    today = today or date.today()

    if _is_json(text, name):
        return read_json_file(text, name, today=today)
    return read_csv_file(text, name, today=today)


def _is_json(text: str, name: str) -> bool:
    lowered = name.lower()
    if lowered.endswith(".json"):
        return True
    if lowered.endswith(".csv"):
        return False
    return text.lstrip().startswith(("{", "["))
