"""Fixtures for the review tests: signed-in clients for each permission set."""

import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.test import Client

# The shared factories are imported as tests.factories, and the project
# folder is not on sys.path when pytest runs as .venv/bin/pytest.
_PROJECT_DIR = str(Path(__file__).resolve().parents[2])
if _PROJECT_DIR not in sys.path:
    sys.path.insert(0, _PROJECT_DIR)

from tests.factories import UserFactory  # noqa: E402

from portal_backoffice.intake.services.match_index import match_index_forget  # noqa: E402

LA_DATA_PROCESSING_GROUP = "Portal LA Data Processing"
CONFLICT_MANAGEMENT_GROUP = "Portal Conflict Management"

# Role name -> the groups of the demo user with that role.
ROLES = {
    "officer": (LA_DATA_PROCESSING_GROUP, CONFLICT_MANAGEMENT_GROUP),
    "data_processor": (LA_DATA_PROCESSING_GROUP,),
    "conflict_manager": (CONFLICT_MANAGEMENT_GROUP,),
    "no_permission": (),
}


@pytest.fixture(autouse=True)
def private_match_index(settings, tmp_path):
    """Keep each test's match index in its own folder, never the demo's."""
    settings.PORTAL_MATCH_INDEX_PATH = tmp_path / "match-index.duckdb"
    # A developer's own active model under var/ must not change what tests match.
    settings.PORTAL_MODEL_DIR = tmp_path / "models"
    match_index_forget()
    yield
    match_index_forget()


@pytest.fixture
def make_user(db):
    def make(role: str, username: str | None = None):
        user = UserFactory(username=username or role.replace("_", "."))
        user.groups.set(Group.objects.filter(name__in=ROLES[role]))
        return user

    return make


@pytest.fixture
def officer(make_user):
    return make_user("officer", "ada.quenby")


@pytest.fixture
def officer_client(officer):
    client = Client()
    client.force_login(officer)
    return client


@pytest.fixture
def client_as(make_user):
    """Return a client signed in as a new user with the role's groups."""

    def sign_in(role: str) -> Client:
        client = Client()
        client.force_login(make_user(role))
        return client

    return sign_in
