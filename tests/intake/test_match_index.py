"""The process's match index: built from the register and kept up to date after commits."""

import subprocess
import sys

import duckdb
import pytest
from django.core.management import call_command
from portal_files import REGISTER_CHILD, child, portal_json, register_student

from factories import IncomingFileFactory
from portal_backoffice.intake.models import DataProcessingRule
from portal_backoffice.intake.models.choices import DataGroup, RuleAction
from portal_backoffice.intake.services.match_index import (
    MatchIndexBusy,
    match_index_ensure_built,
    match_index_locked,
    match_index_rebuild,
    match_index_refresh_on_commit,
    student_to_child_record,
)
from portal_backoffice.matching.records import ChildRecord
from portal_backoffice.register.models import FormerSurname, FormerUpn, Student

pytestmark = pytest.mark.django_db

UPN = "F373200124123"


def index_size() -> int:
    with match_index_locked() as index:
        return len(index)


def found_by_upn(upn: str) -> list[int]:
    """Return the students the index scores as agreeing on this UPN."""
    query = ChildRecord(0, forename="Tobiah", surname="Brackenbury", upn=upn)
    with match_index_locked() as index:
        candidates = index.link([query])[0]
    return [c.student_id for c in candidates if c.levels.get("upn") == "exact"]


def test_child_record_has_former_names_and_upns():
    student = register_student(upn=UPN, middle_names="Ansel")
    FormerSurname.objects.create(student=student, surname="Ashdown")
    FormerUpn.objects.create(student=student, upn="Z82320102415C")

    record = student_to_child_record(student)

    assert record.record_id == student.pk
    assert (record.forename, record.middle_names, record.surname) == (
        "Quillan",
        "Ansel",
        "Brackenbury",
    )
    assert record.former_surnames == ("Ashdown",)
    assert record.former_upns == ("Z82320102415C",)
    assert (record.upn, record.postcode) == (UPN, "ZZ9 4QT")


def test_rebuild_leaves_out_do_not_link_students():
    register_student()
    register_student(legal_forename="Tobiah")
    register_student(legal_forename="Isolde", do_not_link=True)

    assert match_index_rebuild() == 2
    assert index_size() == 2


def test_rebuild_reads_register_in_chunks(monkeypatch, django_assert_max_num_queries):
    from portal_backoffice.intake.services import match_index

    monkeypatch.setattr(match_index, "REBUILD_CHUNK_SIZE", 2)
    for number in range(5):
        register_student(legal_forename=f"Quillan{number}")

    # Three chunks of four queries each (students, former surnames, former
    # UPNs, carers), and one query that finds no more rows.
    with django_assert_max_num_queries(13):
        assert match_index_rebuild() == 5


def test_student_added_reaches_index_after_commit(django_capture_on_commit_callbacks):
    register_student()
    match_index_rebuild()

    with django_capture_on_commit_callbacks(execute=True):
        added = register_student(legal_forename="Tobiah", upn=UPN)
        match_index_refresh_on_commit([added.pk])
        assert index_size() == 1

    assert index_size() == 2
    assert found_by_upn(UPN) == [added.pk]


def test_student_marked_do_not_link_leaves_index(django_capture_on_commit_callbacks):
    student = register_student(upn=UPN)
    match_index_rebuild()

    with django_capture_on_commit_callbacks(execute=True):
        Student.objects.filter(pk=student.pk).update(do_not_link=True)
        match_index_refresh_on_commit([student.pk])

    assert index_size() == 0


def test_upn_written_by_import_reaches_index(school, import_file):
    DataProcessingRule.objects.create(
        data_group=DataGroup.IDENTIFIERS, action=RuleAction.ALWAYS_IMPORT
    )
    student = register_student(upn=None)
    match_index_rebuild()

    result = import_file(portal_json([child(upn=UPN)]))

    assert result.incoming_file.students.get().matched_student == student
    assert found_by_upn(UPN) == [student.pk]


def test_empty_index_rebuilt_before_import(school, import_file):
    student = register_student(upn=UPN)
    assert index_size() == 0

    incoming = import_file(portal_json([child(upn=UPN)])).incoming_file.students.get()

    assert index_size() == 1
    assert incoming.matched_student == student


def test_index_missing_students_rebuilt_before_import(school, import_file):
    register_student(legal_forename="Tobiah")
    match_index_rebuild()
    student = Student.objects.bulk_create([Student(**REGISTER_CHILD, upn=UPN)])[0]

    incoming = import_file(portal_json([child(upn=UPN)])).incoming_file.students.get()

    assert index_size() == 2
    assert incoming.matched_student_id == student.pk


def test_ensure_built_leaves_empty_register_alone():
    IncomingFileFactory()

    match_index_ensure_built()

    assert index_size() == 0


def test_rebuild_command_reports_count(capsys):
    register_student()

    call_command("rebuild_match_index")

    assert capsys.readouterr().out == "Match index rebuilt with 1 students.\n"


def test_index_closed_after_use_for_other_processes(settings):
    register_student()
    match_index_rebuild()

    # A second DuckDB connection fails while any process has the file open.
    connection = duckdb.connect(str(settings.PORTAL_MATCH_INDEX_PATH))
    connection.close()


def test_index_open_elsewhere_reported_busy(settings, monkeypatch):
    from portal_backoffice.intake.services import match_index

    monkeypatch.setattr(match_index, "OPEN_TIMEOUT_SECONDS", 0.0)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_FILE_OPEN, str(settings.PORTAL_MATCH_INDEX_PATH)],
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout.readline() == b"open\n"
        with pytest.raises(MatchIndexBusy) as raised:
            index_size()
    finally:
        holder.kill()
        holder.wait()

    assert str(raised.value) == (
        f"The match index {settings.PORTAL_MATCH_INDEX_PATH} is open in another process. "
        "Wait for that import or rebuild to finish, then try again."
    )


# Opens a DuckDB file and keeps it open until killed.
HOLD_FILE_OPEN = """
import sys, time, duckdb
connection = duckdb.connect(sys.argv[1])
print("open", flush=True)
time.sleep(60)
"""
