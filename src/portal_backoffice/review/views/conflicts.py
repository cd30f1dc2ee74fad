"""Manage Data Conflicts: Accept, Reject or Discard each of one student's open conflicts.

Accept All Latest and Accept All LA Values post to the page, which shows it
again with every radio set, so they work without JavaScript. Apply saves the
decisions in one transaction.
"""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from portal_backoffice.accounts.permissions import (
    CONFLICT_MANAGEMENT_PERMISSION,
    LA_DATA_PROCESSING_PERMISSION,
    permission_required,
)
from portal_backoffice.intake.models import IncomingStudent
from portal_backoffice.intake.models.choices import ConflictDecision, State
from portal_backoffice.intake.services.linking import IncomingStudentChanged

from .. import conflict_presenters, presenters, selectors
from ..services import (
    ConflictNotAcceptable,
    ConflictsUndecided,
    incoming_student_conflicts_apply,
)
from ..services.conflicts import DECIDABLE_STATES
from ..services.states import UNMATCHED_CARER_FIELD
from .matching import CHANGED_MESSAGE

DECISION_PREFIX = "decision-"
UNDECIDED_MESSAGE = "Choose Accept, Reject or Discard for {label}"
UNDECIDED_CARER_MESSAGE = "Match, add or discard the carer {name}"
# Accept All Latest accepts every change; Accept All LA Values discards every change.
SET_ALL_ACTIONS = {
    "accept_all_latest": ConflictDecision.ACCEPTED,
    "accept_all_la": ConflictDecision.DISCARDED,
}


@require_http_methods(["GET", "POST"])
@permission_required(CONFLICT_MANAGEMENT_PERMISSION, action="manage data conflicts")
def conflicts(request: HttpRequest, incoming_student_id: int) -> HttpResponse:
    incoming_student = _incoming_student_or_404(incoming_student_id)
    if request.method == "GET":
        return conflicts_render(request, incoming_student)

    action = request.POST.get("action", "apply")
    if action in SET_ALL_ACTIONS:
        selections = {
            conflict.pk: SET_ALL_ACTIONS[action].value
            for conflict in selectors.open_data_conflicts_for(incoming_student)
            if conflict.field != UNMATCHED_CARER_FIELD
        }
        return conflicts_render(request, incoming_student, selections=selections)
    return _apply(request, incoming_student)


def _apply(request: HttpRequest, incoming_student: IncomingStudent) -> HttpResponse:
    decisions = decisions_from_post(request.POST)
    try:
        outcome = incoming_student_conflicts_apply(
            incoming_student_id=incoming_student.pk,
            decisions=decisions,
            actor=request.user,
            expected_version=_posted_version(request.POST),
        )
    except IncomingStudentChanged:
        fresh = _incoming_student_or_404(incoming_student.pk)
        errors = [{"text": CHANGED_MESSAGE, "href": "#incoming-student"}]
        return conflicts_render(request, fresh, errors=errors, status=409)
    except ConflictsUndecided as undecided:
        return _undecided_render(request, incoming_student, decisions, undecided.conflict_ids)
    except ConflictNotAcceptable as refused:
        errors = [{"text": refused.message, "href": f"#{DECISION_PREFIX}{refused.conflict_id}"}]
        return conflicts_render(
            request,
            incoming_student,
            selections=_as_values(decisions),
            errors=errors,
            item_errors={refused.conflict_id: refused.message},
            status=400,
        )

    applied = outcome.incoming_student
    state = State(applied.state).label.lower()
    messages.success(request, f"Decisions applied for {applied.display_name}. It is now {state}.")
    return redirect("review:matched_with_conflicts")


def _undecided_render(request, incoming_student, decisions, conflict_ids) -> HttpResponse:
    messages_by_id = {
        conflict.pk: _undecided_message(conflict)
        for conflict in selectors.open_data_conflicts_for(incoming_student)
    }
    item_errors = {conflict_id: messages_by_id[conflict_id] for conflict_id in conflict_ids}
    errors = [
        {"text": message, "href": f"#{DECISION_PREFIX}{conflict_id}"}
        for conflict_id, message in item_errors.items()
    ]
    return conflicts_render(
        request,
        incoming_student,
        selections=_as_values(decisions),
        errors=errors,
        item_errors=item_errors,
        status=400,
    )


def _undecided_message(conflict) -> str:
    if conflict.field == UNMATCHED_CARER_FIELD and conflict.incoming_carer is not None:
        return UNDECIDED_CARER_MESSAGE.format(name=conflict.incoming_carer.display_name).strip()
    return UNDECIDED_MESSAGE.format(label=conflict_presenters.field_label(conflict.field).lower())


def decisions_from_post(data: QueryDict) -> dict[int, ConflictDecision]:
    """Read the radios named decision-<conflict id>. Unknown values count as no decision."""
    decisions = {}
    for key, value in data.items():
        conflict_id = key.removeprefix(DECISION_PREFIX)
        if not key.startswith(DECISION_PREFIX) or not conflict_id.isdigit():
            continue
        if value in ConflictDecision.values and value != ConflictDecision.OPEN:
            decisions[int(conflict_id)] = ConflictDecision(value)
    return decisions


def _as_values(decisions: dict[int, ConflictDecision]) -> dict[int, str]:
    return {conflict_id: decision.value for conflict_id, decision in decisions.items()}


def _posted_version(data: QueryDict) -> int:
    version = data.get("version", "")
    # A missing version cannot match any student's, so the page is shown afresh.
    return int(version) if version.isdigit() else 0


def conflicts_render(
    request: HttpRequest,
    incoming_student: IncomingStudent,
    *,
    selections: dict[int, str] | None = None,
    errors: list[dict[str, str]] | None = None,
    item_errors: dict[int, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    open_conflicts = list(selectors.open_data_conflicts_for(incoming_student))
    tabs = conflict_presenters.group_tabs(open_conflicts, selections or {}, item_errors or {})
    context = {
        "incoming_student": incoming_student,
        "name": incoming_student.display_name or "Incoming student",
        "state": State(incoming_student.state).label,
        "decidable": incoming_student.state in DECIDABLE_STATES,
        "matched_student_id": incoming_student.matched_student_id,
        "tabs": tabs,
        "has_items": any(tab.items for tab in tabs),
        "has_open": any(tab.open_count for tab in tabs),
        "decision_choices": conflict_presenters.DECISION_CHOICES,
        "can_process": request.user.has_perm(LA_DATA_PROCESSING_PERMISSION),
        "history": [
            presenters.history_item(event) for event in selectors.audit_events_for(incoming_student)
        ],
        "errors": errors or [],
    }
    return render(request, "review/conflicts.html", context, status=status)


def _incoming_student_or_404(incoming_student_id: int) -> IncomingStudent:
    try:
        return selectors.incoming_student_get(incoming_student_id)
    except IncomingStudent.DoesNotExist:
        raise Http404(f"Incoming student {incoming_student_id} not found.") from None
