"""The incoming students tabs: Unmatched, and Matched with Conflicts."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from portal_backoffice.accounts.permissions import LA_DATA_PROCESSING_PERMISSION
from portal_backoffice.intake.models.choices import State

from .. import presenters, selectors
from ..filters import IncomingStudentFilterForm

PAGE_SIZE = 50


@dataclass(frozen=True)
class Tab:
    slug: str
    url_name: str
    state: State
    label: str


TABS = (
    Tab("unmatched", "review:unmatched", State.UNMATCHED, "Unmatched"),
    Tab(
        "matched-with-conflicts",
        "review:matched_with_conflicts",
        State.MATCHED_WITH_CONFLICTS,
        "Matched with Conflicts",
    ),
)
TABS_BY_SLUG = {tab.slug: tab for tab in TABS}


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    # TODO: the search by file dates, base name and base type comes here;
    # until then the home page is the Unmatched tab.
    return redirect("review:unmatched")


@require_GET
def unmatched(request: HttpRequest) -> HttpResponse:
    return tab_render(request, TABS_BY_SLUG["unmatched"])


@require_GET
def matched_with_conflicts(request: HttpRequest) -> HttpResponse:
    return tab_render(request, TABS_BY_SLUG["matched-with-conflicts"])


def tab_render(
    request: HttpRequest,
    tab: Tab,
    *,
    errors: list[dict[str, str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    """Render one tab of incoming students, a page at a time, with the error summary if any."""
    counts = selectors.incoming_student_counts()
    filters = IncomingStudentFilterForm(request.GET)
    students = filters.apply(selectors.incoming_students_in_state(tab.state))
    paginator = Paginator(students, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))

    # Page links keep the filters: every parameter but the page number.
    kept = request.GET.copy()
    kept.pop("page", None)

    context = {
        "tab": tab,
        "tabs": [
            {"tab": listed, "href": reverse(listed.url_name), "count": counts[listed.state]}
            for listed in TABS
        ],
        "rows": [presenters.incoming_student_row(student) for student in page.object_list],
        "page": page,
        "page_numbers": presenters.page_numbers(page),
        "page_query": kept.urlencode(),
        "filters": filters,
        "filtering": filters.is_filtering(),
        "errors": errors or [],
        "unmatched": tab.state == State.UNMATCHED,
        # Rows can be ticked and matched only by those who may act on them.
        "can_process": request.user.has_perm(LA_DATA_PROCESSING_PERMISSION),
    }
    return render(request, "review/incoming_students.html", context, status=status)
