"""Fixtures for the production tests: private files, signed-in officers, small portal files."""

import importlib
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.test import Client

# tests/ contains the shared factories and the intake test helpers but is not
# a package, so put it and tests/intake on the path.
_TESTS_DIR = Path(__file__).resolve().parents[1]
for folder in (_TESTS_DIR, _TESTS_DIR / "intake"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from portal_files import LAESTAB  # noqa: E402

from factories import BaseFactory, UserFactory  # noqa: E402
from portal_backoffice.accounts.models import PERMISSION_NAMES  # noqa: E402
from portal_backoffice.intake.services.match_index import match_index_forget  # noqa: E402

LA_DATA_PROCESSING_GROUP = "Portal LA Data Processing"
CONFLICT_MANAGEMENT_GROUP = "Portal Conflict Management"


@pytest.fixture(autouse=True)
def private_var_dir(settings, tmp_path):
    settings.PORTAL_MATCH_INDEX_PATH = tmp_path / "match-index.duckdb"
    # A developer's own active model under var/ must not change what tests match.
    settings.PORTAL_MODEL_DIR = tmp_path / "models"
    settings.PORTAL_RAW_FILE_DIR = tmp_path / "incoming"
    match_index_forget()
    yield tmp_path
    match_index_forget()


@pytest.fixture
def immediate_tasks(settings):
    """Run queued tasks at once, in the process that queues them."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def school(db):
    return BaseFactory(
        name="Larkfield Primary", la_code=LAESTAB[:3], establishment_number=LAESTAB[3:]
    )


@pytest.fixture
def make_user(db):
    def make(username: str, *group_names: str):
        user = UserFactory(username=username)
        user.groups.set(Group.objects.filter(name__in=group_names))
        return user

    return make


@pytest.fixture
def officer(make_user):
    return make_user("ada.quenby", LA_DATA_PROCESSING_GROUP, CONFLICT_MANAGEMENT_GROUP)


@pytest.fixture
def officer_client(officer):
    client = Client()
    client.force_login(officer)
    return client


@pytest.fixture
def migration_rows(transactional_db):
    """Create again the base types, portal bases and groups that data migrations create.

    A transactional test starts after others have flushed the database, which
    deletes those rows.
    """
    register_migration = importlib.import_module(
        "portal_backoffice.register.migrations.0002_base_types_and_portal_bases"
    )
    register_migration.base_types_and_portal_bases_create(apps, None)
    for codename, group_name in PERMISSION_NAMES.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        group.permissions.add(Permission.objects.get(codename=codename))
