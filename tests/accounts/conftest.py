"""Fixtures for the accounts tests: users with and without each permission."""

import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

# The shared factories are imported as tests.factories, and the project
# folder is not on sys.path when pytest runs as .venv/bin/pytest.
_PROJECT_DIR = str(Path(__file__).resolve().parents[2])
if _PROJECT_DIR not in sys.path:
    sys.path.insert(0, _PROJECT_DIR)

from tests.factories import UserFactory  # noqa: E402


@pytest.fixture
def user_in_groups(db):
    """Make a user in the named groups, which the accounts migration creates."""

    def make(username: str, *group_names: str):
        user = UserFactory(username=username)
        user.groups.set(Group.objects.filter(name__in=group_names))
        return user

    return make
