"""Read the bases, counts and sorted pages of the Incoming Students search and tabs."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from portal_backoffice.intake.models import IncomingStudent
from portal_backoffice.intake.models.choices import OUTSTANDING_STATES, State

from .scope import StudentScope

# The columns presenters.incoming_student_row reads.
ROW_COLUMNS = (
    "state",
    "forename",
    "surname",
    "date_of_birth",
    "incoming_file__file_id",
    "incoming_file__source",
    "incoming_file__module",
    "incoming_file__imported_at",
    "incoming_file__base__name",
)


@dataclass(frozen=True)
class BaseOutstanding:
    """One base found by the search, with its students still to review."""

    base_id: int
    name: str
    base_type: str
    unmatched: int
    pending: int
    matched_with_conflicts: int


def _state_count(state: State) -> Count:
    return Count("pk", filter=Q(state=state))


def bases_with_outstanding_students(*, scope: StudentScope) -> list[BaseOutstanding]:
    """Return the bases in scope that have unmatched, pending or matched-with-conflicts students.

    One grouped query counts all three states for every base.
    """
    rows = (
        scope.apply(IncomingStudent.objects.filter(state__in=OUTSTANDING_STATES))
        .values(
            "incoming_file__base_id",
            "incoming_file__base__name",
            "incoming_file__base__base_type__name",
        )
        .annotate(
            unmatched=_state_count(State.UNMATCHED),
            pending=_state_count(State.PENDING),
            matched_with_conflicts=_state_count(State.MATCHED_WITH_CONFLICTS),
        )
        .order_by("incoming_file__base__name", "incoming_file__base_id")
    )
    return [
        BaseOutstanding(
            base_id=row["incoming_file__base_id"],
            name=row["incoming_file__base__name"],
            base_type=row["incoming_file__base__base_type__name"],
            unmatched=row["unmatched"],
            pending=row["pending"],
            matched_with_conflicts=row["matched_with_conflicts"],
        )
        for row in rows
    ]


def incoming_student_counts_in_scope(*, scope: StudentScope) -> dict[str, int]:
    """Return the number of incoming students in each state inside the scope, in one query."""
    counts = {state.value: 0 for state in State}
    rows = (
        scope.apply(IncomingStudent.objects.all())
        .values("state")
        .annotate(total=Count("pk"))
        .order_by()
    )
    for row in rows:
        counts[row["state"]] = row["total"]
    return counts


def incoming_students_in_scope(
    *, state: State, scope: StudentScope, ordering: tuple[str, ...]
) -> QuerySet[IncomingStudent]:
    """Return one state's students inside the scope, in the given order, with file and base.

    Only the columns a row shows are read: the database sorts whole rows, and
    a file's raw content or a student's raw record would make each row large.
    """
    return (
        scope.apply(IncomingStudent.objects.filter(state=state))
        .select_related("incoming_file__base")
        .only(*ROW_COLUMNS)
        .order_by(*ordering)
    )
