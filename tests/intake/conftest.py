"""Fixtures for the intake tests: a private match index and raw-file folder per test."""

import sys
from pathlib import Path

import pytest

from portal_backoffice.intake.services.importing import incoming_file_import
from portal_backoffice.intake.services.match_index import match_index_forget

# tests/ contains the shared factories but is not a package, so put it on the path.
_TESTS_DIR = str(Path(__file__).resolve().parents[1])
if _TESTS_DIR not in sys.path:
    sys.path.insert(0, _TESTS_DIR)

from portal_files import LAESTAB  # noqa: E402

from factories import BaseFactory  # noqa: E402


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
def school(db):
    return BaseFactory(
        name="Larkfield Primary", la_code=LAESTAB[:3], establishment_number=LAESTAB[3:]
    )


@pytest.fixture
def import_file(django_capture_on_commit_callbacks):
    """Import bytes as a file, running the after-commit work as a real commit would."""

    def run(content: bytes, name: str = "headcount.json", **options):
        with django_capture_on_commit_callbacks(execute=True):
            return incoming_file_import(content=content, name=name, **options)

    return run
