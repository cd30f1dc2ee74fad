"""Read the queues and records the review pages show."""

from django.db.models import Count, QuerySet

from portal_backoffice.accounts.models import AuditEvent
from portal_backoffice.intake.models import DataConflict, IncomingStudent, PossibleMatch
from portal_backoffice.intake.models.choices import ConflictDecision, State


def incoming_students_in_state(state: State) -> QuerySet[IncomingStudent]:
    return (
        IncomingStudent.objects.filter(state=state)
        .select_related("incoming_file__base")
        .order_by("surname", "forename", "pk")
    )


def incoming_student_counts() -> dict[str, int]:
    """Return the number of incoming students in each state, with 0 for a state with none."""
    counts = {state.value: 0 for state in State}
    rows = IncomingStudent.objects.values("state").annotate(total=Count("pk")).order_by()
    for row in rows:
        counts[row["state"]] = row["total"]
    return counts


def incoming_student_get(incoming_student_id: int) -> IncomingStudent:
    """Return the incoming student with its file and base, or raise DoesNotExist."""
    return IncomingStudent.objects.select_related("incoming_file__base").get(pk=incoming_student_id)


def incoming_students_by_ids(ids: list[int]) -> QuerySet[IncomingStudent]:
    return IncomingStudent.objects.filter(pk__in=ids).select_related("incoming_file__base")


def possible_matches_for(incoming_student: IncomingStudent) -> QuerySet[PossibleMatch]:
    return (
        PossibleMatch.objects.filter(incoming_student=incoming_student)
        .select_related("student__base")
        .order_by("rank")
    )


def data_conflicts_for(incoming_student: IncomingStudent) -> QuerySet[DataConflict]:
    return DataConflict.objects.filter(incoming_student=incoming_student).order_by(
        "data_group", "field", "pk"
    )


def open_data_conflicts_for(incoming_student: IncomingStudent) -> QuerySet[DataConflict]:
    return (
        DataConflict.objects.filter(
            incoming_student=incoming_student, decision=ConflictDecision.OPEN
        )
        .select_related("incoming_carer")
        .order_by("data_group", "incoming_carer_id", "field", "pk")
    )


def audit_events_for(incoming_student: IncomingStudent) -> QuerySet[AuditEvent]:
    """Return the incoming student's audit events, newest first."""
    return (
        AuditEvent.objects.filter(incoming_student_id=incoming_student.pk)
        .select_related("actor")
        .order_by("-occurred_at", "-pk")
    )
