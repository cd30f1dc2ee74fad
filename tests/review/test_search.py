"""The Incoming Students search page: find bases with students to review, then display them."""

import datetime

import pytest
from django.utils import timezone
from tests.factories import (
    BaseFactory,
    BaseTypeFactory,
    IncomingFileFactory,
    IncomingStudentFactory,
)

from portal_backoffice.intake.models.choices import State

pytestmark = pytest.mark.django_db

SEARCH = {"search": "1"}


def _moment(year, month, day):
    return timezone.make_aware(datetime.datetime(year, month, day, 10, 30))


@pytest.fixture
def two_bases():
    """Return a nursery (2 unmatched, 1 pending, 1 in conflict) and a primary (1 unmatched)."""
    nursery = BaseFactory(name="Fernhollow Nursery", base_type=BaseTypeFactory(name="Nursery"))
    primary = BaseFactory(name="Brackenridge Primary", base_type=BaseTypeFactory(name="Primary"))
    march = IncomingFileFactory(base=nursery, created_at=_moment(2026, 3, 10))
    IncomingStudentFactory.create_batch(2, incoming_file=march)
    IncomingStudentFactory(incoming_file=march, state=State.PENDING)
    IncomingStudentFactory(incoming_file=march, state=State.MATCHED_WITH_CONFLICTS)
    IncomingStudentFactory(incoming_file=march, state=State.PROCESSED)
    april = IncomingFileFactory(base=primary, created_at=_moment(2026, 4, 20))
    IncomingStudentFactory(incoming_file=april, forename="Barnaby", surname="Oakhurst")
    return nursery, primary


def test_home_shows_search_form(officer_client):
    response = officer_client.get("/")

    assert response.status_code == 200
    assert "<legend" in response.text
    assert "Files created from" in response.text
    assert 'name="created_from_day"' in response.text
    assert "More options" in response.text
    assert "Bases with students to review" not in response.text


def test_search_lists_bases_with_counts(officer_client, two_bases):
    nursery, primary = two_bases

    response = officer_client.get("/", SEARCH)

    assert response.status_code == 200
    bases = response.context["bases"]
    assert [base.name for base in bases] == ["Brackenridge Primary", "Fernhollow Nursery"]
    assert (bases[1].unmatched, bases[1].pending, bases[1].matched_with_conflicts) == (2, 1, 1)
    assert (bases[0].unmatched, bases[0].pending, bases[0].matched_with_conflicts) == (1, 0, 0)
    assert (
        f'id="base-{nursery.pk}" name="bases" type="checkbox" value="{nursery.pk}"' in response.text
    )


def test_search_by_base_name_part(officer_client, two_bases):
    response = officer_client.get("/", {**SEARCH, "base_name": "hollow"})

    assert [base.name for base in response.context["bases"]] == ["Fernhollow Nursery"]


def test_search_by_base_type(officer_client, two_bases):
    nursery, primary = two_bases

    response = officer_client.get("/", {**SEARCH, "base_types": [primary.base_type_id]})

    assert [base.name for base in response.context["bases"]] == ["Brackenridge Primary"]
    assert '<details class="govuk-details" open>' in response.text


def test_search_by_file_date_range(officer_client, two_bases):
    query = {
        **SEARCH,
        "created_from_day": "1",
        "created_from_month": "4",
        "created_from_year": "2026",
        "created_to_day": "30",
        "created_to_month": "4",
        "created_to_year": "2026",
    }

    response = officer_client.get("/", query)

    assert [base.name for base in response.context["bases"]] == ["Brackenridge Primary"]


def test_search_date_range_includes_last_day(officer_client, two_bases):
    query = {**SEARCH, "created_to_day": "10", "created_to_month": "3", "created_to_year": "2026"}

    response = officer_client.get("/", query)

    assert [base.name for base in response.context["bases"]] == ["Fernhollow Nursery"]


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "2", "2026", "Files created from must be a real date"),
        ("1", "", "2026", "Files created from must include a month"),
        ("1", "13", "2026", "Files created from must be a real date"),
        ("x", "2", "2026", "Files created from must be a real date"),
        ("1", "2", "26", "Files created from must be a real date"),
    ],
)
def test_search_rejects_bad_date(officer_client, day, month, year, message):
    query = {
        **SEARCH,
        "created_from_day": day,
        "created_from_month": month,
        "created_from_year": year,
    }

    response = officer_client.get("/", query)

    assert response.status_code == 400
    assert f'<a href="#created_from-day">{message}</a>' in response.text
    assert "govuk-input--error" in response.text


def test_search_rejects_reversed_range(officer_client):
    query = {
        **SEARCH,
        "created_from_day": "2",
        "created_from_month": "3",
        "created_from_year": "2026",
        "created_to_day": "1",
        "created_to_month": "3",
        "created_to_year": "2026",
    }

    response = officer_client.get("/", query)

    assert response.status_code == 400
    assert "Files created to must be the same as or after the from date" in response.text


def test_search_finds_no_base(officer_client, two_bases):
    response = officer_client.get("/", {**SEARCH, "base_name": "Zebedee"})

    assert response.status_code == 200
    assert "No base has unmatched, pending or matched with conflicts students" in response.text


def test_display_chosen_base_opens_tabs(officer_client, two_bases):
    nursery, primary = two_bases

    response = officer_client.get("/", {"display": "1", "bases": [nursery.pk]})

    assert response.status_code == 302
    assert response["Location"] == f"/incoming-students/unmatched/?bases={nursery.pk}"


def test_display_all_keeps_search(officer_client, two_bases):
    query = {
        "display": "1",
        "bases": "all",
        "base_name": "hollow",
        "created_from_day": "1",
        "created_from_month": "3",
        "created_from_year": "2026",
    }

    response = officer_client.get("/", query)

    assert response.status_code == 302
    assert response["Location"] == (
        "/incoming-students/unmatched/?bases=all&base_name_part=hollow&files_from=2026-03-01"
    )


def test_display_without_base_rejected(officer_client, two_bases):
    response = officer_client.get("/", {"display": "1", "base_name": "hollow"})

    assert response.status_code == 400
    assert '<a href="#bases-all">Select at least one base, or All</a>' in response.text
    assert [base.name for base in response.context["bases"]] == ["Fernhollow Nursery"]
