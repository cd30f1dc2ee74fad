"""Read the files with students still to review, and their students, for the files tab."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from portal_backoffice.intake.models import IncomingFile, IncomingStudent
from portal_backoffice.intake.models.choices import OUTSTANDING_STATES, State


def _state_count(state: State) -> Count:
    return Count("students", filter=Q(students__state=state))


def incoming_files_outstanding(*, condition: Q | None = None) -> QuerySet[IncomingFile]:
    """Return the files with unmatched, pending or matched-with-conflicts students, newest first.

    Each file carries its counts per outstanding state (unmatched, pending,
    matched_with_conflicts), counted in the same query as the files. The raw
    content is deferred, because a list never shows it.
    """
    outstanding = IncomingStudent.objects.filter(
        incoming_file=OuterRef("pk"), state__in=OUTSTANDING_STATES
    )
    return (
        IncomingFile.objects.filter(Exists(outstanding))
        .filter(condition or Q())
        .select_related("base")
        .defer("raw_content")
        .annotate(
            unmatched=_state_count(State.UNMATCHED),
            pending=_state_count(State.PENDING),
            matched_with_conflicts=_state_count(State.MATCHED_WITH_CONFLICTS),
        )
        .order_by("-imported_at", "-pk")
    )


@dataclass(frozen=True)
class ClearableCounts:
    """How many students of the selected files a clear would move to cleared."""

    unmatched: int
    matched_with_conflicts: int


def clearable_counts(*, incoming_file_ids: list[int]) -> ClearableCounts:
    counts = dict(
        IncomingStudent.objects.filter(
            incoming_file_id__in=incoming_file_ids,
            state__in=(State.UNMATCHED, State.MATCHED_WITH_CONFLICTS),
        )
        .values_list("state")
        .annotate(total=Count("pk"))
        .order_by()
    )
    return ClearableCounts(
        unmatched=counts.get(State.UNMATCHED, 0),
        matched_with_conflicts=counts.get(State.MATCHED_WITH_CONFLICTS, 0),
    )


def outstanding_students_of_files(*, incoming_file_ids: list[int]) -> QuerySet[IncomingStudent]:
    return (
        IncomingStudent.objects.filter(
            incoming_file_id__in=incoming_file_ids, state__in=OUTSTANDING_STATES
        )
        .select_related("incoming_file__base")
        .order_by("incoming_file__file_id", "record_number")
    )


def incoming_files_by_ids(ids: list[int]) -> QuerySet[IncomingFile]:
    return (
        IncomingFile.objects.filter(pk__in=ids)
        .select_related("base")
        .defer("raw_content")
        .order_by("file_id")
    )
