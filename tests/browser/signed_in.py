"""Pages signed in as a user in a browser context of the test's own, for browser tests
that need context options the shared fixtures do not set, such as JavaScript turned off.

Like the shared open_page fixture, the page records JavaScript errors, console
errors (Content Security Policy violations among them) and resources that
failed to load, and each visit for the list of pages axe-core never checked.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.test import Client
from tests.browser.accessibility import page_path, visited_paths


@dataclass
class SignedInPage:
    """A Playwright page, its browser context, and the errors the browser reported."""

    page: object
    context: object
    errors: list[str] = field(default_factory=list)

    def close(self):
        self.context.close()


def signed_in_page_open(
    browser, live_server, user, *, allowed_statuses=(), **context_options
) -> SignedInPage:
    """Open a page signed in as the user. context_options go to browser.new_context.

    A response with a status in allowed_statuses is not recorded as an error,
    for a test that expects one, such as a 409 Conflict.
    """
    context = browser.new_context(base_url=live_server.url, **context_options)
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])

    page = context.new_page()
    opened = SignedInPage(page=page, context=context)
    page.on("console", lambda message: _console_error_record(message, page, opened.errors))
    page.on("pageerror", lambda error: opened.errors.append(f"{error} on {page.url}"))
    page.on(
        "response",
        lambda response: _failed_resource_record(response, allowed_statuses, opened.errors),
    )
    page.on("framenavigated", lambda frame: _visit_record(frame, page))
    return opened


def _console_error_record(message, page, errors: list[str]) -> None:
    # A failed load is also logged as "Failed to load resource", which the
    # response handler records with its URL and status instead.
    if message.type == "error" and not message.text.startswith("Failed to load resource"):
        errors.append(f"{message.text} on {page.url}")


def _failed_resource_record(response, allowed_statuses, errors: list[str]) -> None:
    request = response.request
    if response.status < 400 or response.status in allowed_statuses:
        return
    if request.resource_type == "document" or request.url.endswith("/favicon.ico"):
        return
    errors.append(f"{request.resource_type} {request.url} returned {response.status}")


def _visit_record(frame, page) -> None:
    if frame == page.main_frame and frame.url.startswith("http"):
        visited_paths.add(page_path(frame.url))
