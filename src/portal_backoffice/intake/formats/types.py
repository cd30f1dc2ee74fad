"""The parsed form of a portal file: its header and one submission per child."""

from dataclasses import dataclass, field
from datetime import date, datetime


class FileRejected(Exception):
    """A file that cannot be read or does not fit the schema; nothing of it is loaded.

    The message names the file, the line or element, and the problem, but
    never a value from a child's record.
    """


@dataclass(frozen=True, slots=True)
class FieldError:
    """One invalid value in a record; field is a path such as "carers[1].ni_number"."""

    field: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"field": self.field, "message": self.message}


@dataclass(frozen=True, slots=True)
class FileHeader:
    """The batch details every child in a file shares."""

    schema_version: str
    file_id: str
    # intake.models.choices.Source and Module values.
    source: str
    module: str
    # A provider's 7-digit DfE number; empty for a citizen portal file.
    base_laestab: str
    # FSM, 2YO or TRANSPORT for a citizen portal file; empty otherwise.
    portal_application_type: str
    # Timezone-aware; a time given without an offset is taken as UK time.
    created_at: datetime


@dataclass(slots=True)
class CarerSubmission:
    """A carer as submitted with a child, with placeholders read as empty."""

    # 1 is the first carer listed, and the first contact.
    priority: int
    title: str = ""
    forename: str = ""
    middle_names: str = ""
    surname: str = ""
    date_of_birth: date | None = None
    gender: str = ""
    # Upper case without spaces; empty when missing or invalid.
    ni_number: str = ""
    nass_number: str = ""
    address_line_1: str = ""
    address_line_2: str = ""
    town: str = ""
    postcode: str = ""
    phone: str = ""
    email: str = ""
    relationship: str = ""
    parental_responsibility: bool = False


@dataclass(slots=True)
class ChildSubmission:
    """One child in a portal file: the record as given, its typed values and its errors.

    Placeholder values (UNKNOWN, N/A, TBC, 1900-01-01 and the like) read as
    empty and are never errors. An invalid identifier, postcode or date also
    reads as empty; its error keeps the value as given.
    """

    record_number: int
    raw: dict
    forename: str = ""
    middle_names: str = ""
    surname: str = ""
    preferred_forename: str = ""
    preferred_surname: str = ""
    former_surname: str = ""
    date_of_birth: date | None = None
    # M, F, U, or empty when not given.
    gender: str = ""
    # Upper case without spaces.
    upn: str = ""
    address_line_1: str = ""
    address_line_2: str = ""
    town: str = ""
    # Upper case with one space before the inward code.
    postcode: str = ""
    ncy: str = ""
    registration_group: str = ""
    # {"sen": [...], "exclusions": [...], "looked_after": [...], "leaver": {...}},
    # with dates as ISO text, holding only the groups the file gave.
    extra_data: dict = field(default_factory=dict)
    module_data: dict = field(default_factory=dict)
    carers: list[CarerSubmission] = field(default_factory=list)
    errors: list[FieldError] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.errors


@dataclass(slots=True)
class ParsedFile:
    """A portal file that passed the structural checks."""

    name: str
    # "json" or "csv", as IncomingFile.Format stores it.
    file_format: str
    header: FileHeader
    children: list[ChildSubmission]
