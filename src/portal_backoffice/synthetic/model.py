"""The synthetic LA's records: bases, households, carers and students."""

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class SyntheticBase:
    laestab: str
    name: str
    # A BaseType name, as the register migration creates it.
    base_type: str

    @property
    def establishment_number(self) -> str:
        return self.laestab[3:]


@dataclass(frozen=True, slots=True)
class Address:
    line_1: str
    line_2: str
    town: str
    postcode: str


@dataclass(frozen=True, slots=True)
class AddressPeriod:
    address: Address
    valid_from: date | None
    valid_to: date | None


@dataclass(slots=True)
class SyntheticCarer:
    person_id: int
    title: str
    forename: str
    middle_names: str
    surname: str
    date_of_birth: date
    gender: str
    ni_number: str
    nass_number: str
    phone: str
    email: str
    # CBDS-style relationship words: mother, father, grandparent, foster carer...
    relationship: str
    parental_responsibility: bool


@dataclass(slots=True)
class SenPeriod:
    provision: str
    need_type: str
    start_date: date
    end_date: date | None


@dataclass(slots=True)
class ExclusionEpisode:
    category: str
    start_date: date
    end_date: date | None
    reason: str
    sessions: int | None


@dataclass(slots=True)
class LookedAfterEpisode:
    start_date: date
    end_date: date | None
    care_authority: str


@dataclass(slots=True)
class SyntheticStudent:
    student_id: int
    household_index: int
    legal_forename: str
    middle_names: str
    legal_surname: str
    preferred_forename: str
    preferred_surname: str
    former_surnames: list[str]
    date_of_birth: date
    gender: str
    # Permanent UPN, or "" when the student has none.
    upn: str
    # Temporary UPNs the student had before a permanent one, or instead of it.
    former_upns: list[str]
    base_laestab: str
    ncy: str
    registration_group: str
    # Index into the household's children of this student's twin, if any.
    twin_of: int | None = None
    sen: list[SenPeriod] = field(default_factory=list)
    exclusions: list[ExclusionEpisode] = field(default_factory=list)
    looked_after: list[LookedAfterEpisode] = field(default_factory=list)
    leaving_date: date | None = None
    leaving_reason: str = ""
    leaving_destination: str = ""


@dataclass(slots=True)
class Household:
    """A family at one address: one or two carers and the children they care for."""

    index: int
    origin: str
    # Current address first, then earlier ones.
    addresses: list[AddressPeriod]
    carers: list[SyntheticCarer]
    students: list[SyntheticStudent]

    @property
    def address(self) -> Address:
        return self.addresses[0].address
