"""Links on a tab that a rejected POST re-rendered go to the tab's own URL.

When Add new, Discard or a clear is pressed with nothing ticked, the view
renders the tab again, with an error summary, at the POST-only address of the
action. Every sort, page and Clear filters link on that page must lead back to
a page that accepts GET, not to the action's address, which returns 405.
"""

import html
import re
from urllib.parse import urljoin, urlsplit

import pytest
from tests.factories import BaseFactory, IncomingStudentFactory

pytestmark = pytest.mark.django_db

UNMATCHED_URL = "/incoming-students/unmatched/"
FILES_URL = "/incoming-files/"

# The href of each sort link, page link and Clear filters link.
LINK_PATTERNS = {
    "sort": re.compile(r'class="govuk-link app-sort-link" href="([^"]*)"'),
    "page": re.compile(r'class="govuk-link govuk-pagination__link" href="([^"]*)"'),
    "clear filters": re.compile(r'<a class="govuk-link" href="([^"]*)">Clear filters</a>'),
}


def _links(response, kind: str) -> list[str]:
    """Return the links of one kind on the page, resolved as a browser would resolve them."""
    page_url = response.request["PATH_INFO"] + "?" + response.request["QUERY_STRING"]
    hrefs = LINK_PATTERNS[kind].findall(response.text)
    return [urljoin(page_url, html.unescape(href)) for href in hrefs]


def _path(url: str) -> str:
    return urlsplit(url).path


@pytest.fixture
def two_pages_of_students():
    """51 unmatched students, each in a file of its own: two pages of students and of files."""
    base = BaseFactory(name="Fernhollow Nursery")
    IncomingStudentFactory.create_batch(51, incoming_file__base=base)
    return base


@pytest.mark.parametrize(
    "action_url", ["/incoming-students/add-new/", "/incoming-students/discard/"]
)
def test_sort_and_page_links_after_nothing_ticked(
    officer_client, two_pages_of_students, action_url
):
    base = two_pages_of_students

    response = officer_client.post(f"{action_url}?bases={base.pk}", {})

    assert response.status_code == 400
    sort_links = _links(response, "sort")
    page_links = _links(response, "page")
    assert len(sort_links) == 5
    assert page_links
    for link in sort_links + page_links:
        assert officer_client.get(link).status_code == 200, link
        assert _path(link) == UNMATCHED_URL, link
        assert f"bases={base.pk}" in link, link


def test_clear_filters_link_after_nothing_ticked(officer_client, two_pages_of_students):
    response = officer_client.post("/incoming-students/add-new/?name=Ottilie", {})

    assert response.status_code == 400
    [link] = _links(response, "clear filters")
    assert officer_client.get(link).status_code == 200
    assert _path(link) == UNMATCHED_URL


def test_links_on_tab_keep_tab_url(officer_client, two_pages_of_students):
    response = officer_client.get(UNMATCHED_URL, {"name": "Ottilie", "sort": "file_id"})

    links = _links(response, "sort") + _links(response, "page") + _links(response, "clear filters")
    assert len(links) > 5
    for link in links:
        assert _path(link) == UNMATCHED_URL, link


@pytest.mark.parametrize(
    "action_url", ["/incoming-files/clear-conflicts/", "/incoming-files/clear-students/"]
)
def test_files_page_links_after_nothing_ticked(officer_client, two_pages_of_students, action_url):
    response = officer_client.post(action_url, {})

    assert response.status_code == 400
    page_links = _links(response, "page")
    assert page_links
    for link in page_links:
        assert officer_client.get(link).status_code == 200, link
        assert _path(link) == FILES_URL, link


def test_files_page_links_after_export_error(officer_client, two_pages_of_students):
    response = officer_client.post(
        "/incoming-files/export/", {"content": "students", "file_format": "csv"}
    )

    assert response.status_code == 400
    page_links = _links(response, "page")
    assert page_links
    for link in page_links:
        assert _path(link) == FILES_URL, link
