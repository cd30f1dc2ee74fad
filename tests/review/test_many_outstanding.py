"""With 50,000 outstanding incoming students, every list page runs a fixed number of queries.

The timings are printed for the record, never asserted, so a busy machine
cannot fail the test.
"""

import datetime
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from portal_backoffice.intake.models import IncomingFile, IncomingStudent
from portal_backoffice.intake.models.choices import Module, Source, State
from portal_backoffice.register.models import Base, BaseType

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

STUDENT_COUNT = 50_000
FILE_COUNT = 100
BASE_COUNT = 20
# Outstanding states in turn within each file, so every file, base and tab has
# thousands of rows.
STATES = (State.UNMATCHED, State.UNMATCHED, State.PENDING, State.MATCHED_WITH_CONFLICTS)

# The queries one list page runs, whatever the number of rows: the session, the
# user, the user's and groups' permissions, the grouped state counts, the
# paginator's count, and the page's rows with files and bases.
TAB_PAGE_QUERIES = 7
# The session, the user, the permissions (2), the paginator's count, the
# page's files with their counts and bases, and the wide view preference.
FILES_PAGE_QUERIES = 7
# The session, the user, the permissions (2, for the navigation's upload
# link), the base types for the checkboxes, and one grouped query for the
# bases and their counts.
SEARCH_PAGE_QUERIES = 6


@pytest.fixture(scope="module")
def fifty_thousand(django_db_setup, django_db_blocker):
    """Commit the rows once for the whole module, outside each test's transaction."""
    with django_db_blocker.unblock():
        bases = _rows_create()
    yield bases
    with django_db_blocker.unblock():
        IncomingStudent.objects.all().delete()
        IncomingFile.objects.all().delete()
        Base.objects.filter(pk__in=[base.pk for base in bases]).delete()


def _rows_create() -> list[Base]:
    base_type = BaseType.objects.get_or_create(name="Primary")[0]
    bases = Base.objects.bulk_create(
        Base(name=f"Hawthorn Row School {n:02d}", base_type=base_type) for n in range(BASE_COUNT)
    )
    start = timezone.make_aware(datetime.datetime(2026, 1, 5, 9, 0))
    files = IncomingFile.objects.bulk_create(
        IncomingFile(
            file_id=f"LOAD-{n:04d}",
            source=Source.PROVIDER_PORTAL,
            module=Module.HEADCOUNT,
            base=bases[n % BASE_COUNT],
            created_at=start + datetime.timedelta(hours=n),
            file_format=IncomingFile.Format.JSON,
            original_name=f"LOAD-{n:04d}.json",
            raw_content=b"{}",
            sha256="0" * 64,
        )
        for n in range(FILE_COUNT)
    )
    IncomingStudent.objects.bulk_create(
        (
            IncomingStudent(
                incoming_file=files[n % FILE_COUNT],
                record_number=n // FILE_COUNT + 1,
                state=STATES[(n // FILE_COUNT) % len(STATES)],
                forename=f"Ottilie{n % 97}",
                surname=f"Quenby{n % 1009}",
                date_of_birth=datetime.date(2014, 1, 1) + datetime.timedelta(days=n % 2500),
                gender="F",
                postcode="ZZ1 4AB",
                raw_record={},
            )
            for n in range(STUDENT_COUNT)
        ),
        batch_size=5000,
    )
    return bases


def _timed_get(client, url, query):
    """Return the response, the start of each SQL statement it ran, and the seconds it took."""
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url, query)
        elapsed = time.perf_counter() - started
    assert response.status_code == 200, url
    slowest = max(float(captured["time"]) for captured in queries.captured_queries)
    print(f"{url} {query}: slowest query {slowest * 1000:.0f} ms")
    return response, [captured["sql"][:100] for captured in queries.captured_queries], elapsed


@pytest.mark.parametrize("sort", ["name", "date_of_birth", "base", "file_id", "imported_at"])
@pytest.mark.parametrize("order", ["ascending", "descending"])
def test_unmatched_page_query_count(officer_client, fifty_thousand, sort, order):
    query = {"sort": sort, "order": order, "page": "200"}

    response, statements, elapsed = _timed_get(
        officer_client, "/incoming-students/unmatched/", query
    )

    print(
        f"unmatched sort={sort} order={order}: {len(statements)} queries, {elapsed * 1000:.0f} ms"
    )
    assert len(statements) == TAB_PAGE_QUERIES, statements
    assert response.context["total"] == STUDENT_COUNT
    assert len(response.context["rows"]) == 50


def test_scoped_tab_query_count(officer_client, fifty_thousand):
    query = {"bases": [base.pk for base in fifty_thousand[:3]], "sort": "base"}

    response, statements, elapsed = _timed_get(
        officer_client, "/incoming-students/matched-with-conflicts/", query
    )

    print(f"matched with conflicts, 3 bases: {len(statements)} queries, {elapsed * 1000:.0f} ms")
    assert len(statements) == TAB_PAGE_QUERIES, statements
    assert response.context["total"] == STUDENT_COUNT * 3 // BASE_COUNT


def test_files_page_query_count(officer_client, fifty_thousand):
    response, statements, elapsed = _timed_get(officer_client, "/incoming-files/", {"page": "2"})

    print(f"files page 2: {len(statements)} queries, {elapsed * 1000:.0f} ms")
    assert len(statements) == FILES_PAGE_QUERIES, statements
    assert len(response.context["rows"]) == 50
    row = response.context["rows"][0]
    assert row.unmatched + row.pending + row.matched_with_conflicts == STUDENT_COUNT // FILE_COUNT


def test_search_page_query_count(officer_client, fifty_thousand):
    response, statements, elapsed = _timed_get(officer_client, "/", {"search": "1"})

    print(f"search, all bases: {len(statements)} queries, {elapsed * 1000:.0f} ms")
    assert len(statements) == SEARCH_PAGE_QUERIES, statements
    assert len(response.context["bases"]) == BASE_COUNT
    assert sum(base.unmatched for base in response.context["bases"]) == STUDENT_COUNT // 2
