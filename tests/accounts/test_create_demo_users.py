"""create_demo_users prints each demo user's password, and the passwords work."""

import io

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def _run() -> dict[str, str]:
    """Run the command and return user name -> password from its table."""
    output = io.StringIO()
    call_command("create_demo_users", stdout=output)
    lines = output.getvalue().splitlines()
    assert lines[0].split() == ["User", "name", "Password", "Access"]
    rows = [line.split(None, 2) for line in lines[2:] if line and not line.startswith("These")]
    return {row[0]: row[1] for row in rows}


def test_command_prints_four_users():
    passwords = _run()

    assert sorted(passwords) == ["admin", "conflict.management", "data.processing", "officer"]


def test_printed_passwords_sign_in():
    passwords = _run()

    for username, password in passwords.items():
        assert authenticate(username=username, password=password) is not None, username


def test_users_have_emails_and_permissions():
    _run()
    users = {user.username: user for user in get_user_model().objects.all()}

    assert {user.email for user in users.values()} == {
        "officer@example.org",
        "data.processing@example.org",
        "conflict.management@example.org",
        "admin@example.org",
    }
    assert users["officer"].has_perm("accounts.portal_la_data_processing")
    assert users["officer"].has_perm("accounts.portal_conflict_management")
    assert users["data.processing"].has_perm("accounts.portal_la_data_processing")
    assert not users["data.processing"].has_perm("accounts.portal_conflict_management")
    assert users["conflict.management"].has_perm("accounts.portal_conflict_management")
    assert not users["conflict.management"].has_perm("accounts.portal_la_data_processing")
    assert users["admin"].is_superuser
    assert not users["officer"].is_staff


def test_second_run_resets_passwords():
    first = _run()
    second = _run()

    assert get_user_model().objects.count() == 4
    assert authenticate(username="officer", password=first["officer"]) is None
    assert authenticate(username="officer", password=second["officer"]) is not None
