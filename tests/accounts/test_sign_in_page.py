"""Signing in: every page needs it, and failures show the GOV.UK error summary."""

import pytest
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/incoming-students/unmatched/",
        "/incoming-students/matched-with-conflicts/",
        "/incoming-students/1/possible-matches/",
        "/incoming-students/1/conflicts/",
    ],
)
def test_page_redirects_anonymous_user_to_sign_in(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/sign-in/?next={path}"


def test_sign_in_page_has_no_govuk_branding(client):
    response = client.get("/accounts/sign-in/")

    assert response.status_code == 200
    assert "Sign in to Portal Back Office" in response.text
    assert "govuk-generic-header" in response.text
    assert "govuk-header__logotype" not in response.text
    assert "GOV.UK" not in response.text


def test_correct_password_signs_in(client):
    UserFactory(username="ada.quenby")

    response = client.post(
        "/accounts/sign-in/", {"username": "ada.quenby", "password": TEST_PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/incoming-students/unmatched/").status_code == 200


def test_wrong_password_shows_error_summary(client):
    UserFactory(username="ada.quenby")

    response = client.post(
        "/accounts/sign-in/", {"username": "ada.quenby", "password": "not-the-password"}
    )

    assert response.status_code == 200
    assert "<title>Error: Sign in" in response.text
    assert "There is a problem" in response.text
    assert (
        '<a href="#username">Enter a correct user name and password. '
        "Both are case sensitive.</a>" in response.text
    )


def test_empty_form_names_each_missing_field(client):
    response = client.post("/accounts/sign-in/", {"username": "", "password": ""})

    assert '<a href="#username">Enter your user name</a>' in response.text
    assert '<a href="#password">Enter your password</a>' in response.text
    assert 'id="username-error"' in response.text
    assert 'id="password-error"' in response.text


def test_sign_out_needs_post(client):
    client.force_login(UserFactory(username="ada.quenby"))

    response = client.post("/accounts/sign-out/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/sign-in/"
    assert client.get("/incoming-students/unmatched/").status_code == 302
