"""Sign-in is refused for 15 minutes after 5 failures for a user name, or many from one address."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from factories import TEST_PASSWORD, UserFactory
from portal_backoffice.accounts.models import SignInFailure
from portal_backoffice.accounts.throttling import LOCKED_MESSAGE

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Dozens of sign-ins per test: the production hasher would take most of a minute.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def sign_in(client, username: str, password: str, address: str = "192.0.2.10"):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=address,
    )


def fail_times(client, count: int, username: str = "ada.quenby", address: str = "192.0.2.10"):
    for _ in range(count):
        assert sign_in(client, username, "wrong-password", address).status_code == 200


def test_four_failures_still_allow_sign_in(client):
    UserFactory(username="ada.quenby")
    fail_times(client, 4)

    response = sign_in(client, "ada.quenby", TEST_PASSWORD)

    assert response.status_code == 302
    assert not SignInFailure.objects.exists()


def test_fifth_failure_locks_user_name(client):
    UserFactory(username="ada.quenby")
    fail_times(client, 5)

    response = sign_in(client, "ada.quenby", TEST_PASSWORD)

    assert response.status_code == 429
    assert LOCKED_MESSAGE in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lock_ignores_user_name_case(client):
    UserFactory(username="ada.quenby")
    fail_times(client, 5, username="ADA.Quenby")

    assert sign_in(client, "ada.quenby", TEST_PASSWORD).status_code == 429


def test_lock_holds_from_another_address(client):
    UserFactory(username="ada.quenby")
    fail_times(client, 5, address="192.0.2.10")

    assert sign_in(client, "ada.quenby", TEST_PASSWORD, address="198.51.100.7").status_code == 429


def test_lock_leaves_other_users_alone(client):
    UserFactory(username="ada.quenby")
    UserFactory(username="bram.oakhurst")
    fail_times(client, 5, address="192.0.2.10")

    response = sign_in(client, "bram.oakhurst", TEST_PASSWORD, address="198.51.100.7")

    assert response.status_code == 302


def test_lock_ends_after_fifteen_minutes(client):
    UserFactory(username="ada.quenby")
    fail_times(client, 5)
    SignInFailure.objects.update(failed_at=timezone.now() - timedelta(minutes=15, seconds=1))

    assert sign_in(client, "ada.quenby", TEST_PASSWORD).status_code == 302


def test_failures_spread_over_more_than_window_do_not_lock(client):
    UserFactory(username="ada.quenby")
    fail_times(client, 4)
    SignInFailure.objects.update(failed_at=timezone.now() - timedelta(minutes=16))
    fail_times(client, 1)

    assert sign_in(client, "ada.quenby", TEST_PASSWORD).status_code == 302


def test_refused_attempts_are_not_counted(client):
    UserFactory(username="ada.quenby")
    fail_times(client, 5)

    for _ in range(3):
        sign_in(client, "ada.quenby", "wrong-password")

    assert SignInFailure.objects.count() == 5


def test_many_user_names_from_one_address_lock_it(client, settings):
    UserFactory(username="ada.quenby")
    for number in range(settings.PORTAL_SIGN_IN_IP_MAX_FAILURES):
        sign_in(client, f"guess{number}", "wrong-password", address="203.0.113.5")

    refused = sign_in(client, "ada.quenby", TEST_PASSWORD, address="203.0.113.5")
    allowed = sign_in(client, "ada.quenby", TEST_PASSWORD, address="198.51.100.7")

    assert refused.status_code == 429
    assert allowed.status_code == 302
