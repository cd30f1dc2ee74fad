"""Importing several portal files together: one matching pass, one write transaction."""

import pytest
from django.db import transaction
from portal_files import child, portal_json, register_student

from portal_backoffice.accounts.models import AuditEvent
from portal_backoffice.intake.formats import FileRejected
from portal_backoffice.intake.models import IncomingFile, IncomingStudent
from portal_backoffice.intake.models.choices import MatchMethod, State
from portal_backoffice.intake.services.importing import (
    import_groups,
    incoming_files_prepare,
    incoming_files_store,
)

pytestmark = pytest.mark.django_db

UPN = "F373200124123"


@pytest.fixture
def import_files(django_capture_on_commit_callbacks):
    """Prepare and store (name, content) pairs together, and return the preparation and results."""

    def run(files: list[tuple[str, bytes]]):
        prepared = incoming_files_prepare(files)
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            results = incoming_files_store(prepared)
        return prepared, results

    return run


def test_files_stored_in_given_order(school, import_files):
    files = [
        ("first.json", portal_json([child()], file_id="HC-1")),
        ("second.json", portal_json([child(forename="Tobiah"), child()], file_id="HC-2")),
    ]

    prepared, results = import_files(files)

    assert prepared.rejected == {}
    assert [result.incoming_file.file_id for result in results] == ["HC-1", "HC-2"]
    assert [result.total for result in results] == [1, 2]
    assert IncomingStudent.objects.filter(incoming_file__file_id="HC-2").count() == 2


def test_each_file_audited_once(school, import_files):
    files = [
        ("first.json", portal_json([child()], file_id="HC-1")),
        ("second.json", portal_json([child()], file_id="HC-2")),
    ]

    _, results = import_files(files)

    for result in results:
        events = AuditEvent.objects.filter(
            action="incoming_file_import", incoming_file_id=result.incoming_file.pk
        )
        assert events.count() == 1
        assert events.get().reason == "Imported 1 children"


def test_rejected_file_listed_others_stored(school, import_files):
    files = [
        ("broken.json", b"{not json"),
        ("good.json", portal_json([child()], file_id="HC-1")),
        ("unknown-base.json", portal_json([child()], file_id="HC-2", laestab="9990000")),
    ]

    prepared, results = import_files(files)

    assert sorted(prepared.rejected) == [0, 2]
    assert str(prepared.rejected[0]).startswith("broken.json")
    assert "Base with DfE number 9990000 is not in the register" in str(prepared.rejected[2])
    assert [result.incoming_file.file_id for result in results] == ["HC-1"]
    assert list(IncomingFile.objects.values_list("file_id", flat=True)) == ["HC-1"]


def test_repeated_file_id_rejected(school, import_files):
    files = [
        ("monday.json", portal_json([child()], file_id="HC-1")),
        ("tuesday.json", portal_json([child(forename="Tobiah")], file_id="HC-1")),
    ]

    prepared, results = import_files(files)

    assert list(prepared.rejected) == [1]
    message = str(prepared.rejected[1])
    assert message.startswith("tuesday.json: File ID HC-1 is also the File ID of monday.json")
    assert len(results) == 1


def test_file_given_twice_imported_once(school, import_files):
    content = portal_json([child()], file_id="HC-1")

    prepared, results = import_files([("headcount.json", content), ("headcount.json", content)])

    assert list(prepared.rejected) == [1]
    assert len(results) == 1
    assert IncomingFile.objects.count() == 1


def test_same_student_in_two_files_linked_twice(school, import_files, caplog):
    student = register_student(upn=UPN)
    files = [
        ("fsm.json", portal_json([child(upn=UPN)], file_id="FSM-1")),
        ("transport.json", portal_json([child(upn=UPN, town="Otterby")], file_id="TR-1")),
    ]

    _, results = import_files(files)

    incoming = IncomingStudent.objects.order_by("pk")
    assert [row.matched_student_id for row in incoming] == [student.pk, student.pk]
    assert [row.match_method for row in incoming] == [MatchMethod.AUTOMATIC] * 2
    assert sum(result.automatic_matches for result in results) == 2
    links = AuditEvent.objects.filter(action="incoming_student_link", student_id=student.pk)
    assert links.count() == 2
    # Both links were settled against the register as the other left it.
    assert "Automatic links checked: ready=0 relink=2 dropped=0" in caplog.text


def test_same_student_twice_in_one_file_reviewed(school, import_files):
    register_student(upn=UPN)
    files = [
        ("fsm.json", portal_json([child(upn=UPN), child(upn=UPN)], file_id="FSM-1")),
        ("transport.json", portal_json([child(upn=UPN)], file_id="TR-1")),
    ]

    _, results = import_files(files)

    assert results[0].automatic_matches == 0
    assert results[0].counts[State.UNMATCHED] == 2
    assert results[1].automatic_matches == 1


def test_store_rejects_file_imported_meanwhile(school, import_files):
    prepared = incoming_files_prepare(
        [
            ("first.json", portal_json([child()], file_id="HC-1")),
            ("second.json", portal_json([child()], file_id="HC-2")),
        ]
    )
    import_files([("other.json", portal_json([child()], file_id="HC-2"))])

    already = "second.json: File ID HC-2 was already imported"
    with pytest.raises(FileRejected, match=already), transaction.atomic():
        incoming_files_store(prepared)

    assert list(IncomingFile.objects.values_list("file_id", flat=True)) == ["HC-2"]


def test_groups_bounded_by_upload_limit(settings):
    settings.PORTAL_MAX_UPLOAD_BYTES = 10
    sizes = [4, 4, 4, 12, 1]

    groups = list(import_groups(sizes, size=lambda size: size))

    assert groups == [[4, 4], [4], [12], [1]]
