"""manage.py import: one line per rejected file, counts per state, exit code."""

import io

import pytest
from django.core.management import call_command
from portal_files import child, portal_json, register_student

from portal_backoffice.intake.models import IncomingFile

pytestmark = pytest.mark.django_db

UPN = "F373200124123"


def run_import(*paths) -> tuple[str, str, int]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import", *map(str, paths), "--no-progress", stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = exit_.code
    return out.getvalue(), err.getvalue(), code


def test_import_command_prints_counts(school, tmp_path):
    register_student(upn=UPN)
    good = tmp_path / "good.json"
    good.write_bytes(portal_json([child(upn=UPN), child(forename="Tobiah"), child(surname="")]))

    out, err, code = run_import(good)

    assert code == 0
    assert err == ""
    assert out.splitlines() == [
        "Files imported: 1, rejected: 0",
        "Matched automatically: 1",
        "Unmatched: 1",
        "Matched with conflicts: 0",
        "Pending: 0",
        "Processed: 1",
        "Invalid: 1",
    ]


def test_rejected_file_reported_and_next_imported(school, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_bytes(b"{not json")
    missing = tmp_path / "missing.json"
    good = tmp_path / "good.json"
    good.write_bytes(portal_json([child()], file_id="HC-0002"))

    out, err, code = run_import(broken, missing, good)

    assert code == 1
    lines = err.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"Rejected {broken}, line 1: the file is not valid JSON")
    assert lines[1] == f"Rejected {missing}: the file cannot be read (No such file or directory)"
    assert out.splitlines()[0] == "Files imported: 1, rejected: 2"
    assert list(IncomingFile.objects.values_list("file_id", flat=True)) == ["HC-0002"]
