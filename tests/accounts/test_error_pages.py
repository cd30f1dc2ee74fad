"""The error pages render in the back office's layout."""

import pytest
from django.template.loader import render_to_string
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_not_found_page(client):
    client.force_login(UserFactory(username="ada.quenby"))

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in response.text
    assert "Portal Back Office" in response.text


def test_server_error_page_renders_without_request():
    # Django renders 500.html with an empty context, since the error may
    # have come from the middleware that builds the usual one.
    html = render_to_string("500.html")

    assert "Sorry, there is a problem with the service" in html
    assert "Sign out" not in html


def test_forbidden_page_without_message(client):
    html = render_to_string("403.html")

    assert "You do not have permission to see this page." in html
