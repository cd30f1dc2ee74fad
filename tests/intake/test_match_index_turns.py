"""An import lends the match index file to a process that requests it between batches."""

import pytest
from portal_files import child, portal_json, register_student

from portal_backoffice.intake.services import automatic_matching, match_index
from portal_backoffice.intake.services.match_index import _open_request, match_index_requested

pytestmark = pytest.mark.django_db


def test_open_request_read_once(settings):
    assert not match_index_requested()

    _open_request(settings.PORTAL_MATCH_INDEX_PATH)

    assert match_index_requested()
    assert not match_index_requested()


@pytest.fixture
def index_opens(monkeypatch) -> list[bool]:
    """Return a list that grows by one each time the import opens the match index."""
    opened = []
    locked = match_index.match_index_locked

    def locked_counting():
        opened.append(True)
        return locked()

    monkeypatch.setattr(automatic_matching, "match_index_locked", locked_counting)
    return opened


def test_import_closes_index_when_asked(school, import_file, monkeypatch, index_opens):
    register_student(upn="F373200124123")
    monkeypatch.setattr(automatic_matching, "match_index_requested", lambda: True)
    monkeypatch.setattr(automatic_matching, "MATCH_BATCH_SIZE", 1)
    monkeypatch.setattr(automatic_matching, "MATCH_INDEX_TURN_SECONDS", 0)
    monkeypatch.setattr(automatic_matching, "MATCH_INDEX_PAUSE_SECONDS", 0)

    result = import_file(
        portal_json(
            [child(upn="F373200124123"), child(forename="Tobiah"), child(forename="Isolde")]
        )
    )

    assert len(index_opens) == 3
    assert result.automatic_matches == 1


def test_import_keeps_index_when_not_asked(school, import_file, monkeypatch, index_opens):
    monkeypatch.setattr(automatic_matching, "MATCH_BATCH_SIZE", 1)
    monkeypatch.setattr(automatic_matching, "MATCH_INDEX_TURN_SECONDS", 0)

    import_file(portal_json([child(), child(forename="Tobiah"), child(forename="Isolde")]))

    assert len(index_opens) == 1


def test_index_kept_open_for_waiting_thread(settings, monkeypatch):
    path = settings.PORTAL_MATCH_INDEX_PATH
    monkeypatch.setattr(match_index, "_waiting", 1)

    assert match_index._kept_for_next_thread(path)
    _open_request(path)
    assert not match_index._kept_for_next_thread(path)


def test_index_closed_when_no_thread_waits(settings):
    with match_index.match_index_locked():
        pass

    assert match_index._index is None


def test_refresh_landing_during_recheck_avoids_rebuild(monkeypatch):
    register_student(upn="F373200124123")
    match_index.match_index_rebuild()
    added = register_student(legal_forename="Tobiah", upn=None)
    rebuilds = []
    monkeypatch.setattr(match_index, "match_index_rebuild", lambda: rebuilds.append(True))

    # The officer's refresh reaches the index while the import waits to count again.
    def refresh_instead_of_sleeping(seconds):
        match_index.match_index_refresh_students([added.pk])

    monkeypatch.setattr(match_index.time, "sleep", refresh_instead_of_sleeping)

    match_index.match_index_ensure_built()

    assert rebuilds == []
    with match_index.match_index_locked() as index:
        assert len(index) == 2


def test_count_still_different_after_rechecks_rebuilds(monkeypatch):
    register_student(upn="F373200124123")
    match_index.match_index_rebuild()
    register_student(legal_forename="Tobiah", upn=None)
    sleeps = []
    monkeypatch.setattr(match_index.time, "sleep", sleeps.append)

    match_index.match_index_ensure_built()

    assert sleeps == [match_index.ENSURE_RECHECK_SECONDS] * match_index.ENSURE_RECHECKS
    with match_index.match_index_locked() as index:
        assert len(index) == 2
