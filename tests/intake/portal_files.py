"""Small portal files for the intake tests, built from synthetic children."""

import json
from datetime import date

from factories import IncomingStudentFactory, StudentFactory

# The test school's DfE number, below the range BaseFactory gives out.
LAESTAB = "9991001"


def portal_json(children: list[dict], *, file_id: str = "HC-0001", laestab: str = LAESTAB) -> bytes:
    """Build a provider portal headcount file in the JSON format."""
    document = {
        "header": {
            "schema_version": "1.0",
            "file_id": file_id,
            "source": "provider_portal",
            "module": "HEADCOUNT",
            "base": {"laestab": laestab},
            "created_at": "2026-11-30T09:00:00Z",
        },
        "children": children,
    }
    return json.dumps(document, indent=2).encode()


def child(**values) -> dict:
    """Return the invented child as a provider submits it in a file, with values changed."""
    record = {
        "forename": "Quillan",
        "surname": "Brackenbury",
        "date_of_birth": "2018-03-14",
        "gender": "M",
        "address_line_1": "12 Osier Lane",
        "town": "Fenwick",
        "postcode": "ZZ9 4QT",
        "module_data": {"funded_hours": 15},
    }
    record.update(values)
    return record


# One invented child, as the register stores it and as a provider submits it.
REGISTER_CHILD = {
    "legal_forename": "Quillan",
    "legal_surname": "Brackenbury",
    "date_of_birth": date(2018, 3, 14),
    "gender": "M",
    "address_line_1": "12 Osier Lane",
    "town": "Fenwick",
    "postcode": "ZZ9 4QT",
}
INCOMING_CHILD = {
    "forename": "Quillan",
    "surname": "Brackenbury",
    "date_of_birth": date(2018, 3, 14),
    "gender": "M",
    "address_line_1": "12 Osier Lane",
    "town": "Fenwick",
    "postcode": "ZZ9 4QT",
}


def register_student(**values):
    """Create the invented child in the register, with the given values changed."""
    return StudentFactory(**{**REGISTER_CHILD, **values})


def incoming_student(**values):
    """Create the invented child as an unmatched incoming student, with values changed."""
    return IncomingStudentFactory(**{**INCOMING_CHILD, **values})
