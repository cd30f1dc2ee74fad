"""Possible Matches for one unmatched incoming student, and Select."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from portal_backoffice.accounts.permissions import (
    LA_DATA_PROCESSING_PERMISSION,
    permission_required,
)
from portal_backoffice.intake.models import IncomingStudent
from portal_backoffice.intake.models.choices import State
from portal_backoffice.intake.services.linking import IncomingStudentChanged

from .. import presenters, selectors
from ..forms import SelectForm
from ..services import StudentNotLinkable, incoming_student_select

CHANGED_MESSAGE = "This student was changed by someone else since you opened it"


@require_GET
@permission_required(LA_DATA_PROCESSING_PERMISSION, action="match incoming students")
def possible_matches(request: HttpRequest, incoming_student_id: int) -> HttpResponse:
    return possible_matches_render(request, _incoming_student_or_404(incoming_student_id))


@require_POST
@permission_required(LA_DATA_PROCESSING_PERMISSION, action="match incoming students")
def select(request: HttpRequest, incoming_student_id: int) -> HttpResponse:
    incoming_student = _incoming_student_or_404(incoming_student_id)
    form = SelectForm(request.POST)
    candidate_ids = set(
        selectors.possible_matches_for(incoming_student).values_list("student_id", flat=True)
    )
    if not form.is_valid() or form.cleaned_data["student_id"] not in candidate_ids:
        return possible_matches_render(
            request,
            incoming_student,
            errors=[{"text": "Select one of the possible matches", "href": "#possible-matches"}],
            status=400,
        )

    try:
        linked = incoming_student_select(
            incoming_student_id=incoming_student.pk,
            student_id=form.cleaned_data["student_id"],
            actor=request.user,
            expected_version=form.cleaned_data["version"],
        )
    except IncomingStudentChanged:
        return possible_matches_render(
            request,
            _incoming_student_or_404(incoming_student_id),
            errors=[{"text": CHANGED_MESSAGE, "href": "#incoming-student"}],
            status=409,
        )
    except StudentNotLinkable:
        return possible_matches_render(
            request,
            incoming_student,
            errors=[
                {
                    "text": "This student cannot be linked. Select another possible match",
                    "href": "#possible-matches",
                }
            ],
            status=400,
        )

    messages.success(request, _selected_message(linked))
    return redirect("review:unmatched")


def possible_matches_render(
    request: HttpRequest,
    incoming_student: IncomingStudent,
    *,
    errors: list[dict[str, str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    is_unmatched = incoming_student.state == State.UNMATCHED
    candidates = selectors.possible_matches_for(incoming_student)
    context = {
        "incoming_student": incoming_student,
        "name": incoming_student.display_name or "Incoming student",
        "state": State(incoming_student.state).label,
        "is_unmatched": is_unmatched,
        "details": presenters.incoming_student_details(incoming_student),
        "cards": [presenters.possible_match_card(candidate) for candidate in candidates],
        "history": [
            presenters.history_item(event) for event in selectors.audit_events_for(incoming_student)
        ],
        "errors": errors or [],
    }
    return render(request, "review/possible_matches.html", context, status=status)


def _incoming_student_or_404(incoming_student_id: int) -> IncomingStudent:
    try:
        return selectors.incoming_student_get(incoming_student_id)
    except IncomingStudent.DoesNotExist:
        raise Http404(f"Incoming student {incoming_student_id} not found.") from None


def _selected_message(incoming_student: IncomingStudent) -> str:
    student_id = incoming_student.matched_student_id
    state = State(incoming_student.state).label.lower()
    return f"{incoming_student.display_name} linked to student {student_id}. It is now {state}."
