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
from portal_backoffice.intake.services.match_index import MatchIndexBusy

from .. import presenters, selectors
from ..forms import SelectForm
from ..register_search import register_search_initial, register_students_search
from ..search_forms import RegisterSearchForm
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
    # A student found by the register search may be any linkable student;
    # incoming_student_select rejects one that is not.
    from_search = request.POST.get("from_search") == "1"
    if not form.is_valid() or (
        form.cleaned_data["student_id"] not in candidate_ids and not from_search
    ):
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
    search_form, search_cards, search_errors = _register_search(request, incoming_student)
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
        "search_form": search_form,
        "search_cards": search_cards,
        "errors": search_errors + (errors or []),
    }
    if search_errors and status == 200:
        status = 400
    return render(request, "review/possible_matches.html", context, status=status)


def _register_search(request: HttpRequest, incoming_student: IncomingStudent):
    """Return the search form, the results (None before a search) and its errors."""
    if request.method != "GET" or "search" not in request.GET:
        return RegisterSearchForm(initial=register_search_initial(incoming_student)), None, []

    form = RegisterSearchForm(request.GET)
    if not form.is_valid():
        errors = [
            {"text": str(error), "href": _search_anchor(name)}
            for name, field_errors in form.errors.items()
            for error in field_errors
        ]
        return form, None, errors

    try:
        cards = register_students_search(
            incoming_student_id=incoming_student.pk, terms=form.cleaned_data
        )
    except MatchIndexBusy:
        busy = "The register search is busy with an import. Try again in a minute"
        return form, None, [{"text": busy, "href": "#search-register"}]
    return form, cards, []


def _search_anchor(name: str) -> str:
    if name == "__all__":
        return "#search-surname"
    if name == "date_of_birth":
        return "#search-date-of-birth-day"
    return f"#search-{name}"


def _incoming_student_or_404(incoming_student_id: int) -> IncomingStudent:
    try:
        return selectors.incoming_student_get(incoming_student_id)
    except IncomingStudent.DoesNotExist:
        raise Http404(f"Incoming student {incoming_student_id} not found.") from None


def _selected_message(incoming_student: IncomingStudent) -> str:
    student_id = incoming_student.matched_student_id
    state = State(incoming_student.state).label.lower()
    return f"{incoming_student.display_name} linked to student {student_id}. It is now {state}."
