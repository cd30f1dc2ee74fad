"""Partial responses: the one region of a page that an htmx request swaps.

Every page still renders whole for a normal request, so it works without
JavaScript. htmx 4 (loaded by base.html) sends "HX-Request: true" and names
the element it will swap in HX-Target as "tag#id". When it restores a page
from history it also sends HX-History-Restore-Request, and that request gets
the whole page.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers

# Renders the page title, one region and the sentence for the live region.
REGION_TEMPLATE = "review/htmx_region.html"


def is_htmx(request: HttpRequest) -> bool:
    """Return whether htmx sent the request for part of a page."""
    return (
        request.headers.get("HX-Request") == "true"
        and request.headers.get("HX-History-Restore-Request") != "true"
    )


def htmx_target_id(request: HttpRequest) -> str:
    """Return the id of the element an htmx request will swap, or "" for other requests."""
    if not is_htmx(request):
        return ""
    return request.headers.get("HX-Target", "").partition("#")[2]


def vary_on_htmx(response: HttpResponse) -> HttpResponse:
    """Mark the response as depending on the htmx headers, so no cache mixes whole and part."""
    patch_vary_headers(response, ("HX-Request", "HX-Target"))
    return response


def page_or_region_render(
    request: HttpRequest,
    template_name: str,
    context: dict,
    *,
    region: str,
    announcement: str,
    status: int = 200,
) -> HttpResponse:
    """Render the whole page, or only its region when an htmx request targets that region.

    region is both the id of the region's element and the name of the
    template partial ({% partialdef %}) that renders it. The announcement is
    the sentence that screen readers hear after htmx swaps the region.
    """
    if htmx_target_id(request) == region:
        context = {
            **context,
            "region_template": f"{template_name}#{region}",
            "announcement": announcement,
        }
        template_name = REGION_TEMPLATE
    return vary_on_htmx(render(request, template_name, context, status=status))
