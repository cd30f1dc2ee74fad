"""The student tabs inside a scope: counts, the Pending tab, kept parameters and sorting."""

import datetime

import pytest
from django.utils import timezone
from tests.factories import BaseFactory, IncomingFileFactory, IncomingStudentFactory

from portal_backoffice.intake.models import IncomingFile
from portal_backoffice.intake.models.choices import State

pytestmark = pytest.mark.django_db

UNMATCHED_URL = "/incoming-students/unmatched/"
PENDING_URL = "/incoming-students/pending/"
CONFLICTS_URL = "/incoming-students/matched-with-conflicts/"


@pytest.fixture
def two_bases():
    nursery = BaseFactory(name="Fernhollow Nursery")
    primary = BaseFactory(name="Brackenridge Primary")
    nursery_file = IncomingFileFactory(base=nursery, file_id="NURSERY-1")
    primary_file = IncomingFileFactory(base=primary, file_id="PRIMARY-1")
    IncomingStudentFactory(incoming_file=nursery_file, forename="Perpetua", surname="Wrenfield")
    IncomingStudentFactory(incoming_file=nursery_file, state=State.PENDING, surname="Ashgrove")
    IncomingStudentFactory(incoming_file=nursery_file, state=State.MATCHED_WITH_CONFLICTS)
    IncomingStudentFactory.create_batch(2, incoming_file=primary_file)
    return nursery, primary


def test_counts_shown_above_tabs(officer_client, two_bases):
    response = officer_client.get(UNMATCHED_URL)

    assert response.context["total"] == 5
    assert '<dd class="govuk-summary-list__value" id="count-total">5</dd>' in response.text
    assert '<dd class="govuk-summary-list__value" id="count-unmatched">3</dd>' in response.text
    assert '<dd class="govuk-summary-list__value" id="count-pending">1</dd>' in response.text
    assert (
        '<dd class="govuk-summary-list__value" id="count-matched-with-conflicts">1</dd>'
        in response.text
    )


def test_counts_limited_to_chosen_base(officer_client, two_bases):
    nursery, _ = two_bases

    response = officer_client.get(UNMATCHED_URL, {"bases": nursery.pk})

    assert response.context["total"] == 3
    assert [row.name for row in response.context["rows"]] == ["Perpetua Wrenfield"]
    assert "Start a new search" in response.text


def test_pending_tab_lists_pending(officer_client, two_bases):
    response = officer_client.get(PENDING_URL)

    assert response.status_code == 200
    assert [row.name for row in response.context["rows"]] == ["Ottilie Ashgrove"]
    assert f'href="{PENDING_URL}" aria-current="page">Pending (1)</a>' in response.text


def test_tab_links_keep_scope(officer_client, two_bases):
    nursery, primary = two_bases

    response = officer_client.get(UNMATCHED_URL, {"bases": [nursery.pk, primary.pk]})

    query = f"bases={nursery.pk}&amp;bases={primary.pk}"
    assert f'href="{PENDING_URL}?{query}">Pending (1)</a>' in response.text
    assert f'href="{CONFLICTS_URL}?{query}">Matched with Conflicts (1)</a>' in response.text


def test_filter_form_keeps_scope_and_sort(officer_client, two_bases):
    nursery, _ = two_bases

    response = officer_client.get(
        UNMATCHED_URL, {"bases": nursery.pk, "sort": "date_of_birth", "order": "descending"}
    )

    assert f'<input type="hidden" name="bases" value="{nursery.pk}">' in response.text
    assert '<input type="hidden" name="sort" value="date_of_birth">' in response.text
    assert '<input type="hidden" name="order" value="descending">' in response.text


def test_page_links_keep_scope(officer_client):
    base = BaseFactory(name="Fernhollow Nursery")
    IncomingStudentFactory.create_batch(51, incoming_file=IncomingFileFactory(base=base))

    response = officer_client.get(UNMATCHED_URL, {"bases": base.pk, "sort": "file_id"})

    assert f'href="{UNMATCHED_URL}?bases={base.pk}&amp;sort=file_id&amp;page=2"' in response.text


def test_scope_by_file_dates(officer_client):
    early = IncomingFileFactory(
        created_at=timezone.make_aware(datetime.datetime(2026, 3, 1, 23, 30))
    )
    late = IncomingFileFactory(created_at=timezone.make_aware(datetime.datetime(2026, 3, 2, 0, 30)))
    IncomingStudentFactory(incoming_file=early, surname="Early")
    IncomingStudentFactory(incoming_file=late, surname="Late")

    response = officer_client.get(UNMATCHED_URL, {"bases": "all", "files_from": "2026-03-02"})

    assert [row.name for row in response.context["rows"]] == ["Ottilie Late"]


def test_scope_ignores_bad_parameters(officer_client, two_bases):
    response = officer_client.get(UNMATCHED_URL, {"bases": "x", "files_from": "2026-02-30"})

    assert response.status_code == 200
    assert response.context["total"] == 5


def _names(client, **query):
    return [row.name for row in client.get(UNMATCHED_URL, query).context["rows"]]


@pytest.fixture
def three_students():
    alder = IncomingFileFactory(file_id="B-FILE", base=BaseFactory(name="Alder Nursery"))
    birch = IncomingFileFactory(file_id="A-FILE", base=BaseFactory(name="Birch Primary"))
    IncomingStudentFactory(
        incoming_file=alder,
        forename="Cara",
        surname="Cole",
        date_of_birth=datetime.date(2017, 1, 1),
    )
    IncomingStudentFactory(
        incoming_file=birch,
        forename="Abel",
        surname="Ames",
        date_of_birth=datetime.date(2019, 1, 1),
    )
    IncomingStudentFactory(
        incoming_file=birch, forename="Bea", surname="Bell", date_of_birth=datetime.date(2018, 1, 1)
    )
    IncomingFile.objects.filter(pk=alder.pk).update(
        imported_at=timezone.make_aware(datetime.datetime(2026, 1, 1))
    )
    return alder, birch


@pytest.mark.parametrize(
    ("sort", "order", "expected"),
    [
        ("name", "ascending", ["Abel Ames", "Bea Bell", "Cara Cole"]),
        ("name", "descending", ["Cara Cole", "Bea Bell", "Abel Ames"]),
        ("date_of_birth", "ascending", ["Cara Cole", "Bea Bell", "Abel Ames"]),
        ("base", "ascending", ["Cara Cole", "Abel Ames", "Bea Bell"]),
        ("base", "descending", ["Bea Bell", "Abel Ames", "Cara Cole"]),
        ("file_id", "ascending", ["Abel Ames", "Bea Bell", "Cara Cole"]),
        ("imported_at", "ascending", ["Cara Cole", "Abel Ames", "Bea Bell"]),
        ("nonsense", "sideways", ["Abel Ames", "Bea Bell", "Cara Cole"]),
    ],
)
def test_sort_orders_rows(officer_client, three_students, sort, order, expected):
    assert _names(officer_client, sort=sort, order=order) == expected


def test_sorted_header_has_aria_sort(officer_client, three_students):
    response = officer_client.get(UNMATCHED_URL, {"sort": "date_of_birth", "order": "ascending"})

    assert (
        '<th scope="col" class="govuk-table__header" aria-sort="ascending">'
        f'<a class="govuk-link app-sort-link" href="{UNMATCHED_URL}?sort=date_of_birth&amp;'
        'order=descending">Date of birth</a></th>' in response.text
    )
    assert (
        '<th scope="col" class="govuk-table__header" aria-sort="none">'
        f'<a class="govuk-link app-sort-link" href="{UNMATCHED_URL}?sort=name&amp;'
        'order=ascending">Name</a></th>' in response.text
    )


def test_discard_returns_to_scope(officer_client, two_bases):
    nursery, _ = two_bases
    incoming = IncomingStudentFactory(
        incoming_file=IncomingFileFactory(base=nursery), surname="Oakhurst"
    )
    url = f"/incoming-students/discard/?bases={nursery.pk}"

    confirmation = officer_client.post(url, {"incoming_student_ids": [incoming.pk]})
    response = officer_client.post(url, {"incoming_student_ids": [incoming.pk], "confirm": "yes"})

    assert f'action="/incoming-students/discard/?bases={nursery.pk}"' in confirmation.text
    assert f'href="/incoming-students/unmatched/?bases={nursery.pk}">No</a>' in confirmation.text
    assert response.status_code == 302
    assert response["Location"] == f"/incoming-students/unmatched/?bases={nursery.pk}"


def test_bulk_buttons_keep_scope(officer_client, two_bases):
    nursery, _ = two_bases

    response = officer_client.get(UNMATCHED_URL, {"bases": nursery.pk})

    assert f'formaction="/incoming-students/add-new/?bases={nursery.pk}"' in response.text
    assert f'formaction="/incoming-students/discard/?bases={nursery.pk}"' in response.text
