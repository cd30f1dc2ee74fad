"""The Incoming Students search: find the bases with students to review, then display them."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from .. import search_selectors
from ..scope import ALL_BASES, BASES_PARAMETER, StudentScope
from ..search_forms import IncomingStudentSearchForm

# The buttons' names: a request carrying one of them was sent by that button.
SEARCH_BUTTON = "search"
DISPLAY_BUTTON = "display"


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """Show the search form, list the bases a search finds, or open the tabs for those chosen."""
    searched = SEARCH_BUTTON in request.GET or DISPLAY_BUTTON in request.GET
    form = IncomingStudentSearchForm(request.GET if searched else None)
    if not searched or not form.is_valid():
        return _search_render(request, form, status=400 if searched else 200)

    scope = form.scope()
    bases = search_selectors.bases_with_outstanding_students(scope=scope)
    if DISPLAY_BUTTON not in request.GET:
        return _search_render(request, form, scope=scope, bases=bases)

    chosen = _chosen_scope(request, scope)
    if chosen is None:
        error = {"text": "Select at least one base, or All", "href": "#bases-all"}
        return _search_render(request, form, scope=scope, bases=bases, errors=[error], status=400)
    return redirect(f"{reverse('review:unmatched')}?{chosen.query_string()}")


def _chosen_scope(request: HttpRequest, scope: StudentScope) -> StudentScope | None:
    """Return the scope of the bases ticked, all of them for All, or None when none was ticked."""
    ticked = request.GET.getlist(BASES_PARAMETER)
    if ALL_BASES in ticked:
        return scope
    base_ids = tuple(dict.fromkeys(int(value) for value in ticked if value.isdigit()))
    if not base_ids:
        return None
    return StudentScope(
        all_bases=False,
        base_ids=base_ids,
        created_from=scope.created_from,
        created_to=scope.created_to,
    )


def _search_render(
    request: HttpRequest,
    form: IncomingStudentSearchForm,
    *,
    scope: StudentScope | None = None,
    bases: list | None = None,
    errors: list[dict[str, str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    form_errors = [
        {"text": str(error), "href": f"#{_field_anchor(name)}"}
        for name, field_errors in form.errors.items()
        for error in field_errors
    ]
    more_options_open = bool(form.is_bound and (form.data.getlist("base_types") or form.errors))
    context = {
        "form": form,
        "errors": form_errors + (errors or []),
        "scope": scope,
        "bases": bases,
        "search_hidden": _search_hidden_inputs(request) if scope else [],
        "ticked": request.GET.getlist(BASES_PARAMETER),
        "more_options_open": more_options_open,
    }
    return render(request, "review/search.html", context, status=status)


def _search_hidden_inputs(request: HttpRequest) -> list[tuple[str, str]]:
    """Return the search's own parameters, so that Display Students repeats the search."""
    names = [
        name
        for name in request.GET
        if name.startswith(("created_from_", "created_to_")) or name in ("base_name", "base_types")
    ]
    return [(name, value) for name in names for value in request.GET.getlist(name)]


def _field_anchor(name: str) -> str:
    # A date input's first box takes the focus; the others are plain fields.
    if name in ("created_from", "created_to"):
        return f"{name}-day"
    return name
