"""Fixtures for the browser tests: a live server, Debian's Chromium driven by
Playwright, pages signed in as each demo permission set, and the axe check.

The tests are skipped, with the reason, only when /usr/bin/chromium is missing
after scripts/install-browser has run.
"""

import importlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.test import Client

from portal_backoffice.accounts.models import (
    CONFLICT_MANAGEMENT,
    LA_DATA_PROCESSING,
    PERMISSION_NAMES,
)

# The shared factories are imported as tests.factories, and pytest's rootdir is
# not on sys.path when it runs as .venv/bin/pytest.
_PROJECT_DIR = str(Path(__file__).resolve().parents[2])
if _PROJECT_DIR not in sys.path:
    sys.path.insert(0, _PROJECT_DIR)

from tests.browser.accessibility import (  # noqa: E402
    check_accessibility,
    page_path,
    unchecked_paths,
    visited_paths,
)
from tests.factories import UserFactory  # noqa: E402

from portal_backoffice.intake.services.match_index import match_index_forget  # noqa: E402

# Playwright's sync API runs an asyncio loop on the test's thread, and Django
# raises SynchronousOnlyOperation for ORM calls there unless this is set.
# NOTE: with that loop running, Django keeps its connections in a context
# variable, apart from the ones pytest-django set up, so a serialized rollback
# finds no saved contents. The migration_rows fixture puts back what the
# data migrations create instead.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1")

CHROMIUM_PATH = Path("/usr/bin/chromium")
# The flags Chromium needs on this project's machines: no sandbox as root, and
# no background connections, which the closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Playwright waits this long, in milliseconds, for an element, a navigation or
# an expect() assertion. Its own default for assertions is 5 seconds, and the
# longer wait allows for the machine's 2 cores being busy with other work.
TIMEOUT_MS = 10_000

# The demo users' permission sets, by the role name the fixtures use.
PERMISSION_SETS = {
    "officer": [LA_DATA_PROCESSING, CONFLICT_MANAGEMENT],
    "data_processor": [LA_DATA_PROCESSING],
    "conflict_manager": [CONFLICT_MANAGEMENT],
    "no_permission": [],
}


def pytest_terminal_summary(terminalreporter):
    """List the pages the browser tests opened but never ran axe-core on."""
    paths = unchecked_paths()
    if not paths:
        return
    terminalreporter.section("Pages visited without an accessibility check")
    for path in paths:
        terminalreporter.line(path)


def pytest_collection_modifyitems(items):
    if CHROMIUM_PATH.exists():
        return
    reason = (
        f"Chromium was not found at {CHROMIUM_PATH}: run scripts/install-browser "
        "(it installs Debian's chromium package) to run the browser tests."
    )
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(autouse=True)
def private_var_dir(settings, tmp_path):
    """Keep each test's match index and raw files in its own folder, never the demo's.

    The live server runs in a thread of this process, so it sees these settings too.
    """
    settings.PORTAL_MATCH_INDEX_PATH = tmp_path / "match-index.duckdb"
    # A developer's own active model under var/ must not change what tests match.
    settings.PORTAL_MODEL_DIR = tmp_path / "models"
    settings.PORTAL_RAW_FILE_DIR = tmp_path / "incoming"
    match_index_forget()
    yield tmp_path
    match_index_forget()


@pytest.fixture(autouse=True)
def migration_rows(transactional_db):
    """Put back the rows that data migrations create: base types, portal bases and groups.

    The live server's database is flushed after every test, which deletes them.
    """
    register_migration = importlib.import_module(
        "portal_backoffice.register.migrations.0002_base_types_and_portal_bases"
    )
    register_migration.base_types_and_portal_bases_create(django_apps, None)

    for codename, group_name in PERMISSION_NAMES.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.add(Permission.objects.get(codename=codename))


@pytest.fixture(scope="session")
def playwright_driver():
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver):
    """Launch headless Chromium once per test session.

    Playwright gives each launch a new, empty user data directory of its own,
    which it deletes when the browser closes.
    """
    browser = playwright_driver.chromium.launch(
        executable_path=str(CHROMIUM_PATH), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture
def open_page(browser, live_server) -> Iterator[Callable]:
    """Return a function that opens a page in a new browser context, as a new visitor.

    Relative URLs go to the live server. The test fails at teardown if any of
    its pages raised a JavaScript error, logged a Content Security Policy
    violation or failed to load a script, stylesheet or image.
    """
    contexts = []
    browser_errors: list[str] = []

    def open_new():
        context = browser.new_context(base_url=live_server.url)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda message: _record_console_error(message, page, browser_errors))
        page.on("pageerror", lambda error: browser_errors.append(f"{error} on {page.url}"))
        page.on("response", lambda response: _record_failed_resource(response, browser_errors))
        page.on("framenavigated", lambda frame: _record_visit(frame, page))
        return page

    yield open_new

    for context in contexts:
        context.close()
    assert not browser_errors, "The browser reported errors:\n" + "\n".join(browser_errors)


@pytest.fixture
def page(open_page):
    """A page in a fresh browser context, not signed in."""
    return open_page()


def _record_console_error(message, page, browser_errors: list[str]) -> None:
    # A failed load is also logged as "Failed to load resource" without its
    # URL, so those are left to _record_failed_resource.
    if message.type == "error" and not message.text.startswith("Failed to load resource"):
        browser_errors.append(f"{message.text} on {page.url}")


def _record_visit(frame, page) -> None:
    if frame == page.main_frame and frame.url.startswith("http"):
        visited_paths.add(page_path(frame.url))


def _record_failed_resource(response, browser_errors: list[str]) -> None:
    # Documents are left out because tests open 403 and 404 pages on purpose,
    # and so is /favicon.ico, which Chromium requests on its own.
    request = response.request
    if response.status < 400 or request.resource_type == "document":
        return
    if request.url.endswith("/favicon.ico"):
        return
    browser_errors.append(f"{request.resource_type} {request.url} returned {response.status}")


@pytest.fixture
def make_user(migration_rows) -> Callable:
    """Return a function that creates a user with one demo permission set."""

    def make(role: str, **fields):
        user = UserFactory(**fields)
        group_names = [PERMISSION_NAMES[codename] for codename in PERMISSION_SETS[role]]
        user.groups.set(Group.objects.filter(name__in=group_names))
        return user

    return make


def _sign_in(page, user, live_server):
    """Give the page's context the session cookie of a signed-in user.

    The sign-in form has its own tests, so the other tests skip it.
    """
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return page


@pytest.fixture
def officer(make_user):
    """An officer with both back office permissions."""
    return make_user("officer")


@pytest.fixture
def data_processor(make_user):
    """A user with Portal LA Data Processing only."""
    return make_user("data_processor")


@pytest.fixture
def conflict_manager(make_user):
    """A user with Portal Conflict Management only."""
    return make_user("conflict_manager")


@pytest.fixture
def no_permission_user(make_user):
    """A user with neither back office permission."""
    return make_user("no_permission")


@pytest.fixture
def officer_page(page, officer, live_server):
    return _sign_in(page, officer, live_server)


@pytest.fixture
def data_processor_page(page, data_processor, live_server):
    return _sign_in(page, data_processor, live_server)


@pytest.fixture
def conflict_manager_page(page, conflict_manager, live_server):
    return _sign_in(page, conflict_manager, live_server)


@pytest.fixture
def no_permission_page(page, no_permission_user, live_server):
    return _sign_in(page, no_permission_user, live_server)


@pytest.fixture
def open_signed_in_page(open_page, live_server) -> Callable:
    """Return a function that opens a page in a new browser context, signed in as the user."""

    def open_as(user):
        return _sign_in(open_page(), user, live_server)

    return open_as


@pytest.fixture
def assert_accessible() -> Callable:
    """Return check_accessibility, so tests need no import to use it."""
    return check_accessibility
