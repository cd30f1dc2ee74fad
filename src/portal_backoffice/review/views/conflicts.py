"""A read-only list of one matched incoming student's data conflicts."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal_backoffice.accounts.permissions import (
    CONFLICT_MANAGEMENT_PERMISSION,
    permission_required,
)
from portal_backoffice.intake.models import IncomingStudent
from portal_backoffice.intake.models.choices import State

from .. import presenters, selectors


@require_GET
@permission_required(CONFLICT_MANAGEMENT_PERMISSION, action="manage data conflicts")
def conflicts(request: HttpRequest, incoming_student_id: int) -> HttpResponse:
    # TODO: Manage Data Conflicts (Accept, Reject, Discard and Apply per data
    # group) replaces this read-only list.
    try:
        incoming_student = selectors.incoming_student_get(incoming_student_id)
    except IncomingStudent.DoesNotExist:
        raise Http404(f"Incoming student {incoming_student_id} not found.") from None

    context = {
        "incoming_student": incoming_student,
        "name": incoming_student.display_name or "Incoming student",
        "state": State(incoming_student.state).label,
        "matched_student_id": incoming_student.matched_student_id,
        "rows": [
            presenters.conflict_row(conflict)
            for conflict in selectors.data_conflicts_for(incoming_student)
        ],
        "history": [
            presenters.history_item(event) for event in selectors.audit_events_for(incoming_student)
        ],
    }
    return render(request, "review/conflicts.html", context)
