"""Manage Data Conflicts: Accept, Reject or Discard each of one student's open conflicts.

Accept All Latest and Accept All LA Values post to the page, which shows it
again with every radio set, so they work without JavaScript. Apply saves the
decisions in one transaction. With JavaScript, htmx posts each choice as it
is made (action "choose"), and those two buttons, and swaps only the parts
that change. Nothing is saved until Apply.
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
from ..conflict_presenters import CarerCard, ConflictItem, GroupTab
from ..services import (
    ConflictNotAcceptable,
    ConflictsUndecided,
    incoming_student_conflicts_apply,
)
from ..services.conflicts import DECIDABLE_STATES
from ..services.states import UNMATCHED_CARER_FIELD
from .htmx import is_htmx, vary_on_htmx
from .matching import CHANGED_MESSAGE

DECISION_PREFIX = "decision-"
UNDECIDED_MESSAGE = "Choose Accept, Reject or Discard for {label}"
UNDECIDED_CARER_MESSAGE = "Match, add or discard the carer {name}"
# Accept All Latest accepts every change; Accept All LA Values discards every change.
SET_ALL_ACTIONS = {
    "accept_all_latest": ConflictDecision.ACCEPTED,
    "accept_all_la": ConflictDecision.DISCARDED,
}
SET_ALL_BUTTONS = (
    ("accept_all_latest", "Accept all latest"),
    ("accept_all_la", "Accept all LA values"),
)
# The action htmx posts when an officer chooses a decision for one item.
CHOOSE_ACTION = "choose"


@require_http_methods(["GET", "POST"])
@permission_required(CONFLICT_MANAGEMENT_PERMISSION, action="manage data conflicts")
def conflicts(request: HttpRequest, incoming_student_id: int) -> HttpResponse:
    incoming_student = _incoming_student_or_404(incoming_student_id)
    if request.method == "GET":
        return conflicts_render(request, incoming_student)

    action = request.POST.get("action", "apply")
    if action in SET_ALL_ACTIONS:
        return _set_all(request, incoming_student, SET_ALL_ACTIONS[action])
    if action == CHOOSE_ACTION:
        return _choose(request, incoming_student)
    return _apply(request, incoming_student)


def _set_all(request, incoming_student, decision: ConflictDecision) -> HttpResponse:
    """Render every conflict but unmatched carers with the decision chosen, saving nothing."""
    open_conflicts = list(selectors.open_data_conflicts_for(incoming_student))
    selections = {
        conflict.pk: decision.value
        for conflict in open_conflicts
        if conflict.field != UNMATCHED_CARER_FIELD
    }
    if not is_htmx(request):
        return conflicts_render(request, incoming_student, selections=selections)
    if _is_stale(request, incoming_student):
        return _changed_render(request, incoming_student)

    tabs = conflict_presenters.group_tabs(open_conflicts, selections, {})
    label = dict(conflict_presenters.DECISION_CHOICES)[decision]
    context = {
        "page_title": f"Manage data conflicts for {_name(incoming_student)}",
        "tabs": tabs,
        "announcement": f"{label} chosen for {_conflicts(len(selections))}.",
        **_item_context(request),
    }
    return vary_on_htmx(render(request, "review/conflicts_set_all.html", context))


def _choose(request, incoming_student) -> HttpResponse:
    """Render the item whose decision was chosen and its tab's label, saving nothing.

    htmx posts the whole form, so the label counts every decision chosen in
    the tab. Without htmx the whole page is rendered with those decisions.
    """
    selections = _as_values(decisions_from_post(request.POST))
    if not is_htmx(request):
        return conflicts_render(request, incoming_student, selections=selections)

    conflict_id = request.POST.get("conflict", "")
    open_conflicts = list(selectors.open_data_conflicts_for(incoming_student))
    tabs = conflict_presenters.group_tabs(open_conflicts, selections, {})
    found = _item_find(tabs, int(conflict_id)) if conflict_id.isdigit() else None
    # An item that is no longer open was decided by someone else.
    if found is None or _is_stale(request, incoming_student):
        return _changed_render(request, incoming_student)

    tab, item = found
    context = {
        "tab": tab,
        "item": item if isinstance(item, ConflictItem) else None,
        "carer": item if isinstance(item, CarerCard) else None,
        "announcement": f"{tab.label}: {tab.decided_count} of {tab.open_count} decided.",
        **_item_context(request),
    }
    return vary_on_htmx(render(request, "review/conflict_choice.html", context))


def _item_find(
    tabs: list[GroupTab], conflict_id: int
) -> tuple[GroupTab, ConflictItem | CarerCard] | None:
    """Return the tab and the item or carer card of an open conflict, or None."""
    for tab in tabs:
        for item in tab.items:
            if item.id == conflict_id:
                return tab, item
        for carer in tab.carers:
            if carer.conflict_id == conflict_id:
                return tab, carer
    return None


def _item_context(request: HttpRequest) -> dict:
    """Return the context the item partials need besides the item.

    Only a decidable student reaches the htmx responses, so decidable is True.
    """
    return {
        "decision_choices": conflict_presenters.DECISION_CHOICES,
        "decidable": True,
        "can_process": request.user.has_perm(LA_DATA_PROCESSING_PERMISSION),
    }


def _is_stale(request: HttpRequest, incoming_student: IncomingStudent) -> bool:
    return (
        incoming_student.state not in DECIDABLE_STATES
        or _posted_version(request.POST) != incoming_student.version
    )


def _changed_render(request: HttpRequest, incoming_student: IncomingStudent) -> HttpResponse:
    """Render the page afresh with the error that someone else changed the student."""
    fresh = _incoming_student_or_404(incoming_student.pk)
    errors = [{"text": CHANGED_MESSAGE, "href": "#incoming-student"}]
    return conflicts_render(request, fresh, errors=errors, status=409)


def _name(incoming_student: IncomingStudent) -> str:
    return incoming_student.display_name or "Incoming student"


def _conflicts(count: int) -> str:
    return "1 conflict" if count == 1 else f"{count} conflicts"


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
        return _changed_render(request, incoming_student)
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
        "name": _name(incoming_student),
        "state": State(incoming_student.state).label,
        "decidable": incoming_student.state in DECIDABLE_STATES,
        "matched_student_id": incoming_student.matched_student_id,
        "tabs": tabs,
        "has_items": any(tab.items for tab in tabs),
        "has_open": any(tab.open_count for tab in tabs),
        "decision_choices": conflict_presenters.DECISION_CHOICES,
        "set_all_actions": SET_ALL_BUTTONS,
        "can_process": request.user.has_perm(LA_DATA_PROCESSING_PERMISSION),
        "history": [
            presenters.history_item(event) for event in selectors.audit_events_for(incoming_student)
        ],
        "errors": errors or [],
    }
    return vary_on_htmx(render(request, "review/conflicts.html", context, status=status))


def _incoming_student_or_404(incoming_student_id: int) -> IncomingStudent:
    try:
        return selectors.incoming_student_get(incoming_student_id)
    except IncomingStudent.DoesNotExist:
        raise Http404(f"Incoming student {incoming_student_id} not found.") from None
