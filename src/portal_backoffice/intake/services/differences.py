"""Settle each difference between a matched incoming student and the LA values.

Each difference goes through the data processing rule of its data group:
written to the register, raised as a data conflict, or ignored. Placeholders,
differences that only normalisation makes, and values an officer already
rejected for the student are never differences.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from portal_backoffice.matching import normalise
from portal_backoffice.matching.identifiers import is_temporary_upn, normalise_ni_number
from portal_backoffice.matching.placeholders import (
    is_placeholder_date,
    is_placeholder_forename,
    is_placeholder_text,
)
from portal_backoffice.register.models import Student

from ..models import DataConflict, IncomingCarer, IncomingStudent
from ..models.choices import DataGroup, RuleAction
from ..rules import RuleBook
from .register_writes import RegisterWrites
from .values import ADDRESS_FIELDS, Written, as_text

# (data group, Student field, IncomingStudent field) for the one-value fields.
STUDENT_FIELDS = (
    (DataGroup.NAMES, "legal_forename", "forename"),
    (DataGroup.NAMES, "legal_surname", "surname"),
    (DataGroup.NAMES, "middle_names", "middle_names"),
    (DataGroup.ADDRESS, "address_line_1", "address_line_1"),
    (DataGroup.ADDRESS, "address_line_2", "address_line_2"),
    (DataGroup.ADDRESS, "town", "town"),
    (DataGroup.ADDRESS, "postcode", "postcode"),
    (DataGroup.BASIC_DETAILS, "date_of_birth", "date_of_birth"),
    (DataGroup.BASIC_DETAILS, "gender", "gender"),
)

# Student field -> key in extra_data["leaver"], as the file readers give it.
LEAVER_FIELDS = {
    "leaving_date": "leaving_date",
    "leaving_reason": "reason",
    "leaving_destination": "destination",
}


@dataclass
class Difference:
    """One item where the incoming value differs from the LA value, in text form."""

    data_group: DataGroup
    field: str
    la_value: str
    incoming_value: str
    la_empty: bool
    write: Callable[[], None]
    # True when the value cannot be written (a UPN another student holds),
    # so the rule can only raise a conflict or ignore it.
    blocked: bool = False
    incoming_carer: IncomingCarer | None = None


@dataclass
class Settlement:
    """Conflicts raised, values written and fields ignored for one incoming student."""

    conflicts: list[DataConflict] = field(default_factory=list)
    written: Written = field(default_factory=Written)
    ignored: list[str] = field(default_factory=list)


# Text fields outside the matcher's own, compared after folding case, accents
# and spacing. A field in neither set is compared exactly.
FOLDED_FIELDS = frozenset(
    {"title", "address_line_2", "town", "email", "leaving_reason", "leaving_destination"}
)


def values_same(field_name: str, la_value: str, incoming_value: str) -> bool:
    """Tell whether an incoming value adds nothing different to the LA value.

    Matching fields use the engine's normalise.same_value (case, spaces,
    accents, apostrophes, titles, postcode spacing). NI numbers compare without
    spaces and phone numbers by their digits.
    """
    if la_value == incoming_value:
        return True
    if not la_value or not incoming_value:
        return False
    if field_name in normalise.MATCH_FIELDS:
        return normalise.same_value(field_name, incoming_value, la_value)
    if field_name in FOLDED_FIELDS:
        return normalise.fold_text(la_value) == normalise.fold_text(incoming_value)
    if field_name == "ni_number":
        return normalise_ni_number(la_value) == normalise_ni_number(incoming_value)
    if field_name == "phone":
        return _digits(la_value) == _digits(incoming_value)
    return False


def _digits(value: str) -> str:
    return "".join(char for char in value if char.isdigit())


class DifferenceSettler:
    """Applies the rules to differences for one incoming student and its matched student."""

    def __init__(
        self,
        *,
        incoming_student: IncomingStudent,
        student: Student,
        rules: RuleBook,
        actor,
        new_student: bool = False,
        writes: RegisterWrites | None = None,
        incoming_carers: list[IncomingCarer] | None = None,
    ):
        self.incoming_student = incoming_student
        self.student = student
        self.rules = rules
        self.actor = actor
        # True when the student was just added from this incoming student, so
        # everything in the file is its own data and is written without rules.
        self.new_student = new_student
        # Writes go to the database at once unless the caller keeps them for later.
        self.writes = writes or RegisterWrites()
        # An import passes the carers of an incoming student it has not stored yet.
        self._incoming_carers = incoming_carers
        self.base_id = incoming_student.incoming_file.base_id
        self.settlement = Settlement()
        self.rejected = {}
        # all() reads the values prefetched with the student, when a batch fetched them.
        for rejected in student.rejected_values.all():
            self.rejected.setdefault(rejected.field, []).append(rejected.value)

    def incoming_carers(self) -> list[IncomingCarer]:
        if self._incoming_carers is not None:
            return self._incoming_carers
        # all() reads the caller's prefetched carers when a batch fetched them.
        return list(self.incoming_student.carers.all())

    def is_rejected(self, field_name: str, compare_as: str, value: str) -> bool:
        earlier = self.rejected.get(field_name, ())
        return any(values_same(compare_as, rejected, value) for rejected in earlier)

    def settle(self, difference: Difference, *, compare_as: str) -> None:
        if self.new_student and difference.data_group != DataGroup.CARERS:
            # A matched carer's details belong to a person who was already in
            # the register, so only those still go through the Carers rule.
            if difference.blocked:
                self.settlement.ignored.append(difference.field)
            else:
                difference.write()
            return
        if self.is_rejected(difference.field, compare_as, difference.incoming_value):
            return
        action = self.rules.action_for(data_group=difference.data_group, base_id=self.base_id)
        if action == RuleAction.NEVER_IMPORT:
            self.settlement.ignored.append(difference.field)
            return
        importable = action == RuleAction.ALWAYS_IMPORT or (
            action == RuleAction.IMPORT_IF_EMPTY and difference.la_empty
        )
        if importable and not difference.blocked:
            difference.write()
            return
        self.settlement.conflicts.append(
            DataConflict(
                incoming_student=self.incoming_student,
                data_group=difference.data_group,
                field=difference.field,
                incoming_carer=difference.incoming_carer,
                la_value=difference.la_value,
                incoming_value=difference.incoming_value,
            )
        )

    def write_student_field(self, field_name: str, value: str) -> Callable[[], None]:
        def write():
            self.writes.student_field(
                student=self.student,
                field_name=field_name,
                value=value,
                actor=self.actor,
                incoming_student=self.incoming_student,
            )
            self.settlement.written.student_fields.append(field_name)

        return write


def _incoming_text(incoming_field: str, value) -> str:
    if incoming_field == "date_of_birth":
        return "" if is_placeholder_date(value) else as_text(value)
    if incoming_field == "forename" and is_placeholder_forename(value):
        return ""
    if incoming_field == "gender" and value == "U":
        return ""
    return "" if is_placeholder_text(value) else as_text(value).strip()


def _la_empty(student_field: str, la_text: str) -> bool:
    return la_text == "" or (student_field == "gender" and la_text == "U")


def student_fields_settle(settler: DifferenceSettler) -> None:
    """Settle names, address, basic details and leaver details."""
    student = settler.student
    pairs = [
        (group, s_field, i_field, getattr(settler.incoming_student, i_field))
        for group, s_field, i_field in STUDENT_FIELDS
    ]
    leaver = settler.incoming_student.extra_data.get("leaver") or {}
    pairs += [
        (DataGroup.LEAVERS, name, name, leaver.get(key)) for name, key in LEAVER_FIELDS.items()
    ]

    for group, student_field, compare_as, incoming_value in pairs:
        incoming_text = _incoming_text(compare_as, incoming_value)
        la_text = as_text(getattr(student, student_field))
        if not incoming_text or values_same(compare_as, la_text, incoming_text):
            continue
        settler.settle(
            Difference(
                data_group=group,
                field=student_field,
                la_value=la_text,
                incoming_value=incoming_text,
                la_empty=_la_empty(student_field, la_text),
                write=settler.write_student_field(student_field, incoming_text),
            ),
            compare_as=compare_as,
        )

    if any(name in settler.settlement.written.student_fields for name in ADDRESS_FIELDS):
        settler.writes.address_history_record(student=student)


def student_upn_settle(settler: DifferenceSettler) -> None:
    """Settle the UPN: a temporary one is kept as a former UPN and never replaces another."""
    student = settler.student
    incoming_upn = _incoming_text("upn", settler.incoming_student.upn).upper()
    if not incoming_upn or incoming_upn == (student.upn or ""):
        return

    if is_temporary_upn(incoming_upn):
        if settler.writes.former_upn_add(student=student, upn=incoming_upn):
            settler.settlement.written.former_upns += 1
        return

    held_elsewhere = settler.writes.upn_held_elsewhere(incoming_upn, student)
    settler.settle(
        Difference(
            data_group=DataGroup.IDENTIFIERS,
            field="upn",
            la_value=student.upn or "",
            incoming_value=incoming_upn,
            la_empty=not student.upn,
            write=settler.write_student_field("upn", incoming_upn),
            blocked=held_elsewhere,
        ),
        compare_as="upn",
    )
