"""Turn models into the values the review pages show, so templates stay simple."""

from dataclasses import dataclass
from datetime import date, datetime

from django.core.paginator import Page
from django.utils import timezone

from portal_backoffice.accounts.models import AuditEvent
from portal_backoffice.intake.models import (
    DataConflict,
    IncomingStudent,
    PossibleMatch,
)
from portal_backoffice.intake.models.choices import (
    ConflictDecision,
    DataGroup,
    Module,
    Source,
    State,
)
from portal_backoffice.register.models import Student
from portal_backoffice.register.models.choices import Gender, Ncy

NOT_GIVEN = "Not given"


def uk_date(value: date | None) -> str:
    """Format a date as GOV.UK style writes it, such as "9 September 2016"."""
    if value is None:
        return NOT_GIVEN
    return f"{value.day} {value:%B %Y}"


def gender_word(code: str) -> str:
    if not code:
        return NOT_GIVEN
    return Gender(code).label if code in Gender.values else code


def ncy_label(code: str) -> str:
    if not code:
        return NOT_GIVEN
    return Ncy(code).label if code in Ncy.values else code


def score_percentage(probability: float) -> str:
    """Format a match probability as a percentage with one decimal place.

    A probability that is not exactly 1 or 0 never shows as 100% or 0%, so an
    officer never reads a near-certain score as certain.
    """
    percentage = probability * 100
    if 99.95 <= percentage < 100:
        return "more than 99.9%"
    if 0 < percentage < 0.05:
        return "less than 0.1%"
    return f"{percentage:.1f}%"


def weight_text(match_weight: float) -> str:
    """Format a match weight with its sign, using a true minus sign."""
    if match_weight < 0:
        return f"\u2212{abs(match_weight):.1f}"
    return f"+{match_weight:.1f}"


def address_text(record: Student | IncomingStudent) -> str:
    parts = (record.address_line_1, record.address_line_2, record.town, record.postcode)
    return ", ".join(part for part in parts if part) or NOT_GIVEN


def source_and_module(incoming_student: IncomingStudent) -> str:
    incoming_file = incoming_student.incoming_file
    return f"{Source(incoming_file.source).label}: {Module(incoming_file.module).label}"


@dataclass(frozen=True)
class IncomingStudentRow:
    """One row of an incoming students table."""

    id: int
    name: str
    date_of_birth: str
    base: str
    file_id: str
    imported_at: str
    source_and_module: str
    state: str


def incoming_student_row(incoming_student: IncomingStudent) -> IncomingStudentRow:
    incoming_file = incoming_student.incoming_file
    return IncomingStudentRow(
        id=incoming_student.pk,
        name=incoming_student.display_name or NOT_GIVEN,
        date_of_birth=uk_date(incoming_student.date_of_birth),
        base=incoming_file.base.name,
        file_id=incoming_file.file_id,
        imported_at=uk_date(timezone.localtime(incoming_file.imported_at).date()),
        source_and_module=source_and_module(incoming_student),
        state=State(incoming_student.state).label,
    )


@dataclass(frozen=True)
class DetailRow:
    """One key and value of a GOV.UK summary list."""

    key: str
    value: str


def incoming_student_details(incoming_student: IncomingStudent) -> list[DetailRow]:
    incoming_file = incoming_student.incoming_file
    return [
        DetailRow("Name", incoming_student.display_name or NOT_GIVEN),
        DetailRow("Middle names", incoming_student.middle_names or NOT_GIVEN),
        DetailRow("Date of birth", uk_date(incoming_student.date_of_birth)),
        DetailRow("Gender", gender_word(incoming_student.gender)),
        DetailRow("UPN", incoming_student.upn or NOT_GIVEN),
        DetailRow("Address", address_text(incoming_student)),
        DetailRow("NCY", ncy_label(incoming_student.ncy)),
        DetailRow("Base", incoming_file.base.name),
        DetailRow("File ID", incoming_file.file_id),
        DetailRow("Source and module", source_and_module(incoming_student)),
        DetailRow("State", State(incoming_student.state).label),
    ]


def student_details(student: Student) -> list[DetailRow]:
    return [
        DetailRow("Student ID", str(student.pk)),
        DetailRow("Name", student.display_name),
        DetailRow("Middle names", student.middle_names or NOT_GIVEN),
        DetailRow("Date of birth", uk_date(student.date_of_birth)),
        DetailRow("Gender", gender_word(student.gender)),
        DetailRow("UPN", student.upn or NOT_GIVEN),
        DetailRow("Address", address_text(student)),
        DetailRow("NCY", ncy_label(student.ncy)),
        DetailRow("Base", student.base.name if student.base else NOT_GIVEN),
    ]


@dataclass(frozen=True)
class ReasonRow:
    """One field's comparison in a possible match's explanation."""

    reason: str
    weight: str
    # "positive" when the field counts towards a match, "negative" against.
    direction: str


@dataclass(frozen=True)
class PossibleMatchCard:
    """One candidate on the Possible Matches page."""

    rank: int
    student_id: int
    name: str
    score: str
    details: list[DetailRow]
    reasons: list[ReasonRow]


def possible_match_card(possible_match: PossibleMatch) -> PossibleMatchCard:
    reasons = [
        ReasonRow(
            reason=entry.get("reason") or entry.get("field", ""),
            weight=weight_text(float(entry.get("match_weight", 0.0))),
            direction="negative" if float(entry.get("match_weight", 0.0)) < 0 else "positive",
        )
        for entry in possible_match.explanation
    ]
    return PossibleMatchCard(
        rank=possible_match.rank,
        student_id=possible_match.student_id,
        name=possible_match.student.display_name,
        score=score_percentage(possible_match.match_probability),
        details=student_details(possible_match.student),
        reasons=reasons,
    )


@dataclass(frozen=True)
class ConflictRow:
    data_group: str
    field: str
    la_value: str
    incoming_value: str
    decision: str


def conflict_row(conflict: DataConflict) -> ConflictRow:
    return ConflictRow(
        data_group=DataGroup(conflict.data_group).label,
        field=conflict.field.replace("_", " ").capitalize(),
        la_value=conflict.la_value or "Empty",
        incoming_value=conflict.incoming_value or "Empty",
        decision=ConflictDecision(conflict.decision).label,
    )


def page_numbers(page: Page) -> list[int | None]:
    """Return the page numbers to link to, with None where the list skips some."""
    numbers = page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    return [number if isinstance(number, int) else None for number in numbers]


def list_announcement(
    *, page: Page, singular: str, plural: str, filter_words: str, sort_text: str = ""
) -> str:
    """Return the sentence screen readers hear when a list changes without a page load.

    singular and plural name what is listed ("unmatched student"). filter_words
    names what narrows the list ("the filters"), or is "" when nothing does.
    sort_text, if given, reads like "name, ascending".
    """
    count = page.paginator.count
    if count == 0:
        return f"No {plural} match {filter_words}." if filter_words else f"There are no {plural}."

    noun = singular if count == 1 else plural
    matching = f" matching {filter_words}" if filter_words else ""
    sentence = f"Showing {count} {noun}{matching}. Page {page.number} of {page.paginator.num_pages}"
    if sort_text:
        sentence += f", sorted by {sort_text}"
    return f"{sentence}."


# Audit actions in the words of the history timeline, with {student_id} filled in.
AUDIT_ACTION_LABELS = {
    "incoming_student_import": "Imported",
    "incoming_student_link": "Linked to student {student_id}",
    "incoming_student_discard": "Discarded",
    "incoming_student_conflicts_apply": "Data conflicts decided",
    "incoming_carer_select": "Carer matched to a person",
    "incoming_carer_add_person": "Carer added as a new person",
}


def uk_date_time(value: datetime) -> str:
    """Format a moment in local time in GOV.UK style, such as "9 September 2016 at 2:05pm"."""
    local = timezone.localtime(value)
    hour = local.hour % 12 or 12
    return f"{uk_date(local.date())} at {hour}:{local:%M}{'am' if local.hour < 12 else 'pm'}"


@dataclass(frozen=True)
class HistoryItem:
    """One audit event on an incoming student's history timeline."""

    label: str
    byline: str
    timestamp: str
    occurred_at: str
    description: str


def history_item(event: AuditEvent) -> HistoryItem:
    label = AUDIT_ACTION_LABELS.get(event.action, event.action.replace("_", " ").capitalize())
    states = ""
    if event.from_state and event.to_state:
        states = f"{_state_label(event.from_state)} to {_state_label(event.to_state).lower()}. "
    elif event.to_state:
        states = f"Now {_state_label(event.to_state).lower()}. "
    return HistoryItem(
        label=label.format(student_id=event.student_id),
        byline=event.actor.get_username() if event.actor else "the system",
        timestamp=event.occurred_at.isoformat(),
        occurred_at=uk_date_time(event.occurred_at),
        description=f"{states}{event.reason}".strip(),
    )


def _state_label(value: str) -> str:
    return State(value).label if value in State.values else value
