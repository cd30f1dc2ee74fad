"""The engine's domain types: what goes in, what comes out."""

import enum
from dataclasses import dataclass, field
from datetime import date

# A register student's id, or an incoming student's id, as Django stores it.
RecordId = int


@dataclass(frozen=True, slots=True)
class ChildRecord:
    """A child's identifying details as given, before normalisation.

    Empty strings mean missing. The same type describes a register student
    and an incoming student.
    """

    record_id: RecordId
    forename: str = ""
    middle_names: str = ""
    surname: str = ""
    former_surnames: tuple[str, ...] = ()
    date_of_birth: date | None = None
    gender: str = ""
    upn: str = ""
    former_upns: tuple[str, ...] = ()
    address_line_1: str = ""
    postcode: str = ""
    # (forename, surname) of each carer the child lives with or was sent with.
    # Twins and siblings share them, so they confirm a child, never tell it
    # from a twin.
    carer_names: tuple[tuple[str, str], ...] = ()
    # The nursery or school a register student attends, or the one that sent
    # an incoming child's file. Empty when a citizen portal sent the file.
    base: str = ""


@dataclass(frozen=True, slots=True)
class CarerRecord:
    """An adult's identifying details as given: an incoming carer or a register person."""

    record_id: RecordId
    title: str = ""
    forename: str = ""
    surname: str = ""
    date_of_birth: date | None = None
    gender: str = ""
    ni_number: str = ""
    nass_number: str = ""
    address_line_1: str = ""
    postcode: str = ""
    phone: str = ""
    email: str = ""
    relationship: str = ""


@dataclass(frozen=True, slots=True)
class FieldReason:
    """The outcome of one comparison for a pair, in words an officer reads."""

    field: str
    level: str
    match_weight: float
    reason: str


@dataclass(frozen=True, slots=True)
class ScoredCandidate:
    """A register student scored against one incoming child."""

    student_id: RecordId
    match_probability: float
    match_weight: float
    # Comparison name -> level label, for the decision rules.
    levels: dict[str, str] = field(default_factory=dict)
    # Comparison name -> match weight, with any term-frequency adjustment.
    weights: dict[str, float] = field(default_factory=dict)
    # Whether some register student has the incoming child's forename. A
    # real name that differs from the candidate's may be a twin's name; a
    # name nobody has is more likely a typing error.
    incoming_forename_in_register: bool = True

    @property
    def reasons(self) -> tuple[FieldReason, ...]:
        """Return the outcome of each comparison in words, in the model's order.

        Worked out when read: a link scores many more candidates than it keeps.
        """
        from .explain import field_reasons  # explain imports this module

        return field_reasons(self.levels, self.weights)


class Outcome(enum.StrEnum):
    AUTOMATIC_MATCH = "automatic_match"
    REVIEW = "review"
    NO_MATCH = "no_match"


@dataclass(frozen=True, slots=True)
class Decision:
    """The matcher's decision for one incoming child, with its reason."""

    outcome: Outcome
    student_id: RecordId | None
    # Ranked best first; only those at or above the possible-match threshold.
    candidates: tuple[ScoredCandidate, ...]
    reason: str


@dataclass(frozen=True, slots=True)
class DecisionPolicy:
    """The thresholds an administrator sets; see MatchingSettings for their meaning."""

    automatic_match_threshold: float = 0.999
    minimum_margin: float = 6.0
    possible_match_threshold: float = 0.01
    maximum_possible_matches: int = 10
