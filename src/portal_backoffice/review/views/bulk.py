"""Add New and Discard on the students ticked in the Unmatched tab, each after a confirmation."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from portal_backoffice.accounts.permissions import (
    LA_DATA_PROCESSING_PERMISSION,
    permission_required,
)

from .. import presenters, selectors
from ..forms import selected_incoming_student_ids
from ..scope import StudentScope
from ..services import BulkOutcome, incoming_students_add_new, incoming_students_discard
from .lists import TABS_BY_SLUG, tab_render


@dataclass(frozen=True)
class BulkAction:
    """The words and the service of one action on ticked students."""

    url_name: str
    title: str
    question: str
    nothing_selected: str
    # Takes the count of students done, returns the success message.
    done_message: Callable[[int], str]
    service: Callable[..., BulkOutcome]


def _plural(count: int) -> str:
    return "1 student" if count == 1 else f"{count} students"


ADD_NEW = BulkAction(
    url_name="review:add_new",
    title="Add new students",
    question=(
        "Selected Unmatched Students will be added to the database, do you wish to continue?"
    ),
    nothing_selected="Select at least one unmatched student to add",
    done_message=lambda count: f"{_plural(count)} added to the register.",
    service=incoming_students_add_new,
)

DISCARD = BulkAction(
    url_name="review:discard",
    title="Discard students",
    question="Do you wish to discard the selected students?",
    nothing_selected="Select at least one unmatched student to discard",
    done_message=lambda count: f"{_plural(count)} discarded.",
    service=incoming_students_discard,
)


@require_POST
@permission_required(LA_DATA_PROCESSING_PERMISSION, action="add new students")
def add_new(request: HttpRequest) -> HttpResponse:
    return _bulk_action(request, ADD_NEW)


@require_POST
@permission_required(LA_DATA_PROCESSING_PERMISSION, action="discard incoming students")
def discard(request: HttpRequest) -> HttpResponse:
    return _bulk_action(request, DISCARD)


def _bulk_action(request: HttpRequest, action: BulkAction) -> HttpResponse:
    """Confirm the action for the ticked students; after Yes, run it and report the outcome."""
    ids = selected_incoming_student_ids(request.POST)
    if not ids:
        errors = [{"text": action.nothing_selected, "href": "#incoming-students"}]
        return tab_render(request, TABS_BY_SLUG["unmatched"], errors=errors, status=400)

    if request.POST.get("confirm") != "yes":
        return _confirmation_render(request, action, ids)

    outcome = action.service(incoming_student_ids=ids, actor=request.user)

    if outcome.done:
        messages.success(request, action.done_message(len(outcome.done)))
    for skipped in outcome.skipped:
        messages.warning(request, skipped.message)
    return redirect(_unmatched_url(request))


def _confirmation_render(request: HttpRequest, action: BulkAction, ids: list[int]) -> HttpResponse:
    students = selectors.incoming_students_by_ids(ids).order_by("surname", "forename", "pk")
    context = {
        "action": action,
        "form_action": _with_scope(request, reverse(action.url_name)),
        "back_url": _unmatched_url(request),
        "rows": [presenters.incoming_student_row(student) for student in students],
        "ids": ids,
    }
    return render(request, "review/confirm.html", context)


def _unmatched_url(request: HttpRequest) -> str:
    return _with_scope(request, reverse("review:unmatched"))


def _with_scope(request: HttpRequest, url: str) -> str:
    """Return the URL with the search's scope, so that the officer returns to the same bases."""
    query = StudentScope.from_query(request.GET).query_string()
    return f"{url}?{query}" if query else url
