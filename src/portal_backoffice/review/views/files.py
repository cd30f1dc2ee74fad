"""The Manage Incoming Student Files tab: list, export and clear the files still to review."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from portal_backoffice.accounts.permissions import (
    CONFLICT_MANAGEMENT_PERMISSION,
    LA_DATA_PROCESSING_PERMISSION,
    permission_required,
)

from .. import exports, file_presenters, file_selectors, presenters
from ..file_forms import ExportForm, IncomingFileFilterForm, selected_incoming_file_ids
from ..services.files import incoming_files_clear_conflicts as clear_conflicts_service
from ..services.files import incoming_files_clear_students as clear_students_service
from ..services.preferences import user_preference_get, user_preference_wide_view_set
from .htmx import page_or_region_render

PAGE_SIZE = 50
# The element, and template partial, that htmx swaps on a search, Wide view or page change.
FILES_REGION = "incoming-files-region"
NOTHING_SELECTED = "Select at least one file"


@require_GET
def incoming_files(request: HttpRequest) -> HttpResponse:
    return files_render(request)


@require_POST
@permission_required(LA_DATA_PROCESSING_PERMISSION, action="export incoming files")
def incoming_files_export(request: HttpRequest) -> HttpResponse:
    """Download the filtered list of files, or the outstanding students of the ticked files."""
    form = ExportForm(request.POST)
    ids = selected_incoming_file_ids(request.POST)
    errors = [
        {"text": str(error), "href": f"#export-{name.replace('_', '-')}"}
        for name, field_errors in form.errors.items()
        for error in field_errors
    ]
    if form.is_valid() and form.cleaned_data["content"] == "students" and not ids:
        errors.append({"text": NOTHING_SELECTED, "href": "#incoming-files"})
    if errors:
        return files_render(request, export_form=form, errors=errors, status=400)

    if form.cleaned_data["content"] == "students":
        students = file_selectors.outstanding_students_of_files(incoming_file_ids=ids)
        dataset = exports.students_dataset(students.iterator())
    else:
        filters = IncomingFileFilterForm(request.GET)
        incoming_files = file_selectors.incoming_files_outstanding(condition=filters.condition())
        dataset = exports.files_dataset(incoming_files.iterator())
    return exports.export_response(
        dataset, file_format=form.cleaned_data["file_format"], file_name=form.download_name()
    )


@dataclass(frozen=True)
class ClearAction:
    """The words and service of one clear on ticked files."""

    url_name: str
    title: str
    service: object
    clears_unmatched: bool


CLEAR_CONFLICTS = ClearAction(
    "review:files_clear_conflicts", "Clear conflicts", clear_conflicts_service, False
)
CLEAR_STUDENTS = ClearAction(
    "review:files_clear_students", "Clear students and conflicts", clear_students_service, True
)


@require_POST
@permission_required(CONFLICT_MANAGEMENT_PERMISSION, action="clear conflicts")
def incoming_files_clear_conflicts(request: HttpRequest) -> HttpResponse:
    return _clear(request, CLEAR_CONFLICTS)


@require_POST
@permission_required(LA_DATA_PROCESSING_PERMISSION, action="clear incoming students")
def incoming_files_clear_students(request: HttpRequest) -> HttpResponse:
    return _clear(request, CLEAR_STUDENTS)


def _clear(request: HttpRequest, action: ClearAction) -> HttpResponse:
    """Confirm the clear with the counts it affects; after Yes, clear and report how many."""
    ids = selected_incoming_file_ids(request.POST)
    if not ids:
        errors = [{"text": NOTHING_SELECTED, "href": "#incoming-files"}]
        return files_render(request, errors=errors, status=400)

    if request.POST.get("confirm") != "yes":
        counts = file_selectors.clearable_counts(incoming_file_ids=ids)
        context = {
            "action": action,
            "form_action": reverse(action.url_name),
            "ids": ids,
            "files": file_selectors.incoming_files_by_ids(ids),
            "counts": counts,
        }
        return render(request, "review/files_confirm.html", context)

    cleared = action.service(incoming_file_ids=ids, actor=request.user)
    messages.success(request, f"{_students(cleared)} cleared.")
    return redirect("review:files")


@require_POST
def wide_view(request: HttpRequest) -> HttpResponse:
    """Remember whether this officer wants the files tab without its search panel."""
    user_preference_wide_view_set(user=request.user, wide_view=request.POST.get("wide") == "on")
    next_url = request.POST.get("next", "")
    if not next_url.startswith(reverse("review:files")) or not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}
    ):
        next_url = reverse("review:files")
    return redirect(next_url)


def files_render(
    request: HttpRequest,
    *,
    export_form: ExportForm | None = None,
    errors: list[dict[str, str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render the files tab a page at a time: one query counts the files, one reads the page.

    An htmx request for the tab's region gets that region alone.
    """
    filters = IncomingFileFilterForm(request.GET)
    filter_errors = [
        {"text": str(error), "href": f"#filter-{name.replace('_', '-')}{_day_suffix(name)}"}
        for name, field_errors in filters.errors.items()
        for error in field_errors
    ]
    incoming_files = file_selectors.incoming_files_outstanding(condition=filters.condition())
    page = Paginator(incoming_files, PAGE_SIZE).get_page(request.GET.get("page"))
    kept = request.GET.copy()
    kept.pop("page", None)
    ticked = set(selected_incoming_file_ids(request.POST)) if request.method == "POST" else set()

    context = {
        "page_title": "Manage incoming student files",
        "filters": filters,
        "filtering": filters.is_filtering(),
        "export_form": export_form
        or ExportForm(initial={"content": "files", "file_format": "csv"}),
        "rows": [file_presenters.incoming_file_row(row, ticked=row.pk in ticked) for row in page],
        "page": page,
        "page_numbers": presenters.page_numbers(page),
        "page_query": kept.urlencode(),
        "query": request.GET.urlencode(),
        "current_url": _with_query(reverse("review:files"), request.GET.urlencode()),
        "wide_view": user_preference_get(user=request.user).files_wide_view,
        "errors": filter_errors + (errors or []),
        "can_process": request.user.has_perm(LA_DATA_PROCESSING_PERMISSION),
        "can_manage_conflicts": request.user.has_perm(CONFLICT_MANAGEMENT_PERMISSION),
    }
    announcement = presenters.list_announcement(
        page=page,
        singular="file with students to review",
        plural="files with students to review",
        filter_words="the search" if context["filtering"] else "",
    )
    return page_or_region_render(
        request,
        "review/files.html",
        context,
        region=FILES_REGION,
        announcement=announcement,
        status=status,
    )


def _with_query(url: str, query: str) -> str:
    return f"{url}?{query}" if query else url


def _day_suffix(name: str) -> str:
    return "-day" if name.endswith(("_from", "_to")) else ""


def _students(count: int) -> str:
    return "1 student" if count == 1 else f"{count} students"
