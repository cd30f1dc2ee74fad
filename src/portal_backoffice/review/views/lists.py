"""The incoming students tabs: Unmatched, Pending, and Matched with Conflicts."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from portal_backoffice.accounts.permissions import (
    CONFLICT_MANAGEMENT_PERMISSION,
    LA_DATA_PROCESSING_PERMISSION,
)
from portal_backoffice.intake.models.choices import State

from .. import presenters, search_selectors
from ..filters import IncomingStudentFilterForm
from ..scope import StudentScope
from ..sorting import ORDER_PARAMETER, SORT_COLUMNS_BY_KEY, SORT_PARAMETER, Sort, sort_headers
from .htmx import page_or_region_render

PAGE_SIZE = 50
# The element, and template partial, that htmx swaps on a filter, sort, page or tab change.
TAB_REGION = "incoming-students-region"


@dataclass(frozen=True)
class Tab:
    slug: str
    url_name: str
    state: State
    label: str


TABS = (
    Tab("unmatched", "review:unmatched", State.UNMATCHED, "Unmatched"),
    Tab("pending", "review:pending", State.PENDING, "Pending"),
    Tab(
        "matched-with-conflicts",
        "review:matched_with_conflicts",
        State.MATCHED_WITH_CONFLICTS,
        "Matched with Conflicts",
    ),
)
TABS_BY_SLUG = {tab.slug: tab for tab in TABS}


@require_GET
def unmatched(request: HttpRequest) -> HttpResponse:
    return tab_render(request, TABS_BY_SLUG["unmatched"])


@require_GET
def pending(request: HttpRequest) -> HttpResponse:
    return tab_render(request, TABS_BY_SLUG["pending"])


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
    """Render one tab of incoming students, a page at a time, with the error summary if any.

    The page runs a fixed number of queries, however many students there are:
    one grouped count of the states, the paginator's count, and the page's
    rows with their files and bases. An htmx request for the tab's region
    gets that region alone, after the same queries.
    """
    scope = StudentScope.from_query(request.GET)
    sort = Sort.from_query(request.GET)
    counts = search_selectors.incoming_student_counts_in_scope(scope=scope)
    filters = IncomingStudentFilterForm(request.GET)
    students = filters.apply(
        search_selectors.incoming_students_in_scope(
            state=tab.state, scope=scope, ordering=sort.ordering()
        )
    )
    paginator = Paginator(students, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))

    # Page links keep the scope, filters and sort: every parameter but the page number.
    kept = request.GET.copy()
    kept.pop("page", None)
    scope_query = scope.query_string()
    unfiltered = scope.query()
    unfiltered.update({SORT_PARAMETER: sort.key, ORDER_PARAMETER: sort.order})

    context = {
        "page_title": f"{tab.label} incoming students",
        "tab": tab,
        "tabs": [
            {
                "tab": listed,
                "href": _with_query(reverse(listed.url_name), scope_query),
                "count": counts[listed.state],
            }
            for listed in TABS
        ],
        "total": sum(counts[listed.state] for listed in TABS),
        "scope": scope,
        "scope_query": scope_query,
        "kept_hidden": _hidden_inputs(scope, sort),
        "sort_headers": sort_headers(sort, kept),
        "rows": [presenters.incoming_student_row(student) for student in page.object_list],
        "page": page,
        "page_numbers": presenters.page_numbers(page),
        "page_query": kept.urlencode(),
        "filters": filters,
        "filtering": filters.is_filtering(),
        "unfiltered_query": unfiltered.urlencode(),
        "errors": errors or [],
        "unmatched": tab.state == State.UNMATCHED,
        # Rows can be ticked and matched only by those who may act on them.
        "can_process": request.user.has_perm(LA_DATA_PROCESSING_PERMISSION),
        "can_manage_conflicts": request.user.has_perm(CONFLICT_MANAGEMENT_PERMISSION),
    }
    announcement = presenters.list_announcement(
        page=page,
        singular=f"{tab.label.lower()} student",
        plural=f"{tab.label.lower()} students",
        filter_words="the filters" if context["filtering"] else "",
        sort_text=f"{SORT_COLUMNS_BY_KEY[sort.key].label.lower()}, {sort.order}",
    )
    return page_or_region_render(
        request,
        "review/incoming_students.html",
        context,
        region=TAB_REGION,
        announcement=announcement,
        status=status,
    )


def _hidden_inputs(scope: StudentScope, sort: Sort) -> list[tuple[str, str]]:
    """Return the scope and sort as (name, value) pairs, so that the filter form keeps them."""
    pairs = [(name, value) for name, values in scope.query().lists() for value in values]
    return pairs + [(SORT_PARAMETER, sort.key), (ORDER_PARAMETER, sort.order)]


def _with_query(url: str, query: str) -> str:
    return f"{url}?{query}" if query else url
