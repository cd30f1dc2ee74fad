"""Importing a portal file: storing, rejecting, validating and matching automatically."""

import csv
import io
import json
from datetime import date

import pytest
from portal_files import LAESTAB, child, portal_json, register_student

from factories import IncomingFileFactory
from portal_backoffice.accounts.models import AuditEvent
from portal_backoffice.intake.formats import FileRejected
from portal_backoffice.intake.models import IncomingFile, IncomingStudent, PossibleMatch
from portal_backoffice.intake.models.choices import MatchMethod, State
from portal_backoffice.intake.services.importing import raw_file_path

pytestmark = pytest.mark.django_db


def nothing_stored() -> bool:
    return not IncomingFile.objects.exists() and not IncomingStudent.objects.exists()


def test_json_file_stored_with_children_and_carers(school, import_file):
    carer = {"forename": "Orlaith", "surname": "Brackenbury", "relationship": "Mother"}
    content = portal_json([child(carers=[carer]), child(forename="Tobiah")])

    result = import_file(content)

    incoming_file = result.incoming_file
    assert (incoming_file.file_id, incoming_file.base, incoming_file.file_format) == (
        "HC-0001",
        school,
        "json",
    )
    assert incoming_file.module == "HEADCOUNT"
    students = list(incoming_file.students.order_by("record_number"))
    assert [s.forename for s in students] == ["Quillan", "Tobiah"]
    assert students[0].carers.get().forename == "Orlaith"
    assert students[0].module_data == {"funded_hours": "15"}
    assert result.counts[State.UNMATCHED] == 2
    assert result.total == 2


def csv_content(rows: list[dict]) -> bytes:
    header = {
        "schema_version": "1.0",
        "file_id": "HC-CSV-1",
        "source": "provider_portal",
        "module": "HEADCOUNT",
        "base_laestab": LAESTAB,
        "created_at": "30/11/2026 09:00",
    }
    columns = [*header, "forename", "surname", "date_of_birth", "gender", "postcode"]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    for row in rows:
        writer.writerow({**header, **row})
    return buffer.getvalue().encode()


def test_csv_file_stored_with_uk_dates(school, import_file):
    content = csv_content(
        [
            {
                "forename": "Quillan",
                "surname": "Brackenbury",
                "date_of_birth": "14/03/2018",
                "gender": "M",
                "postcode": "ZZ9 4QT",
            }
        ]
    )

    result = import_file(content, name="headcount.csv")

    student = result.incoming_file.students.get()
    assert result.incoming_file.file_format == "csv"
    assert student.date_of_birth == date(2018, 3, 14)
    assert student.state == State.UNMATCHED


def test_unreadable_file_rejected_storing_nothing(school, import_file):
    with pytest.raises(FileRejected) as raised:
        import_file(b"\xff\xfe not text", name="broken.json")

    assert str(raised.value).startswith("broken.json: ")
    assert nothing_stored()


def test_file_outside_schema_rejected_storing_nothing(school, import_file):
    content = json.dumps({"header": {"file_id": "HC-0009"}, "children": []}).encode()

    with pytest.raises(FileRejected) as raised:
        import_file(content, name="bad-header.json")

    assert str(raised.value).startswith("bad-header.json, element header")
    assert nothing_stored()


def test_duplicate_file_id_names_earlier_import(school, import_file):
    earlier = import_file(portal_json([child()], file_id="FSM-0001")).incoming_file
    IncomingFile.objects.filter(pk=earlier.pk).update(imported_at="2026-12-03T10:15:00Z")

    with pytest.raises(FileRejected) as raised:
        import_file(portal_json([child(forename="Tobiah")], file_id="FSM-0001"), name="again.json")

    assert str(raised.value) == (
        f"again.json: File ID FSM-0001 was already imported on 3 December 2026 at 10:15 "
        f"as incoming file {earlier.pk}"
    )
    assert IncomingStudent.objects.count() == 1


def test_unknown_base_rejected_storing_nothing(db, import_file):
    with pytest.raises(FileRejected) as raised:
        import_file(portal_json([child()], laestab="9990001"), name="stranger.json")

    assert str(raised.value) == (
        "stranger.json: Base with DfE number 9990001 is not in the register. "
        "Add the base in the admin, then import the file again"
    )
    assert nothing_stored()


def test_invalid_records_kept_with_errors(school, import_file):
    content = portal_json([child(surname=""), child(forename="Tobiah", upn="F373200124124")])

    result = import_file(content)

    invalid = result.incoming_file.students.get(record_number=1)
    assert invalid.state == State.INVALID
    assert [error["field"] for error in invalid.errors] == ["surname"]
    second = result.incoming_file.students.get(record_number=2)
    assert second.state == State.INVALID
    assert [error["field"] for error in second.errors] == ["upn"]
    assert result.counts[State.INVALID] == 2


def test_valid_records_go_on_beside_invalid(school, import_file):
    register_student(legal_forename="Tobiah", upn="F373200124123")
    content = portal_json([child(surname=""), child(forename="Tobiah", upn="F373200124123")])

    result = import_file(content)

    assert result.counts[State.INVALID] == 1
    assert result.counts[State.INVALID] + result.counts[State.PROCESSED] == 2


def test_placeholders_stored_as_empty(school, import_file):
    content = portal_json([child(address_line_1="N/A", upn="UNKNOWN", middle_names="TBC")])

    student = import_file(content).incoming_file.students.get()

    assert (student.address_line_1, student.upn, student.middle_names) == ("", "", "")
    assert student.raw_record["address_line_1"] == "N/A"


def test_raw_file_kept_byte_for_byte(school, import_file):
    content = portal_json([child()]).replace(b"\n", b"\r\n") + b"\n\n"

    incoming_file = import_file(content).incoming_file

    incoming_file.refresh_from_db()
    assert bytes(incoming_file.raw_content) == content
    assert raw_file_path(incoming_file).read_bytes() == content


def test_exact_match_linked_automatically(school, import_file):
    student = register_student(upn="F373200124123")

    result = import_file(portal_json([child(upn="F373200124123")]))

    incoming = result.incoming_file.students.get()
    assert incoming.matched_student == student
    assert incoming.match_method == MatchMethod.AUTOMATIC
    assert incoming.state == State.PROCESSED
    assert result.automatic_matches == 1
    assert incoming.possible_matches.first().student == student


def test_possible_match_stores_explanation(school, import_file):
    register_student()

    incoming = import_file(portal_json([child()])).incoming_file.students.get()

    possible = PossibleMatch.objects.get(incoming_student=incoming)
    assert possible.rank == 1
    assert possible.model_version == incoming.incoming_file.model_version != ""
    fields = {reason["field"] for reason in possible.explanation}
    assert {"forename", "surname"} <= fields
    assert set(possible.explanation[0]) == {"field", "level", "match_weight", "reason"}


def test_twin_never_matched_automatically(school, import_file):
    # Tobiah's twin Quillan is in the register; Tobiah is not.
    twin = register_student(legal_forename="Quillan")

    incoming = import_file(portal_json([child(forename="Tobiah")])).incoming_file.students.get()

    assert incoming.matched_student is None
    assert incoming.state == State.UNMATCHED
    assert incoming.possible_matches.get().student == twin


def test_both_twins_in_register_left_for_review(school, import_file):
    register_student(legal_forename="Quillan")
    register_student(legal_forename="Quilan")

    incoming = import_file(portal_json([child(forename="Quillan")])).incoming_file.students.get()

    assert incoming.matched_student is None
    assert incoming.possible_matches.count() == 2


def test_sibling_never_matched_automatically(school, import_file):
    register_student(legal_forename="Isolde", gender="F", date_of_birth=date(2016, 8, 2))

    incoming = import_file(portal_json([child(forename="Quillan")])).incoming_file.students.get()

    assert incoming.matched_student is None
    assert incoming.state == State.UNMATCHED


def test_swapped_date_at_home_matched(school, import_file):
    student = register_student(date_of_birth=date(2018, 5, 7))

    incoming = import_file(
        portal_json([child(date_of_birth="2018-07-05")])
    ).incoming_file.students.get()

    assert incoming.matched_student == student
    assert incoming.state == State.MATCHED_WITH_CONFLICTS
    conflict = incoming.conflicts.get(field="date_of_birth")
    assert conflict.la_value == "2018-05-07"
    assert conflict.incoming_value == "2018-07-05"


def test_swapped_date_elsewhere_reviewed(school, import_file):
    student = register_student(date_of_birth=date(2018, 5, 7))

    incoming = import_file(
        portal_json(
            [child(date_of_birth="2018-07-05", address_line_1="3 Tern Row", postcode="ZZ9 7XB")]
        )
    ).incoming_file.students.get()

    assert incoming.matched_student is None
    assert incoming.state == State.UNMATCHED
    assert incoming.possible_matches.get().student == student


def test_same_student_twice_in_file_left_for_review(school, import_file):
    register_student(upn="F373200124123")
    content = portal_json([child(upn="F373200124123"), child(upn="F373200124123")])

    result = import_file(content)

    assert result.automatic_matches == 0
    assert result.counts[State.UNMATCHED] == 2


def test_do_not_link_student_never_offered(school, import_file):
    register_student(do_not_link=True)

    incoming = import_file(portal_json([child()])).incoming_file.students.get()

    assert not incoming.has_possible_matches
    assert incoming.possible_matches.count() == 0


def test_import_writes_audit_rows(school, import_file):
    register_student(upn="F373200124123")
    content = portal_json([child(upn="F373200124123"), child(surname="")])

    result = import_file(content)

    events = AuditEvent.objects.filter(incoming_file_id=result.incoming_file.pk)
    assert list(events.values_list("action", "from_state", "to_state")) == [
        ("incoming_student_import", "", State.INVALID),
        ("incoming_student_import", "", State.UNMATCHED),
        ("incoming_student_link", State.UNMATCHED, State.PROCESSED),
        ("incoming_file_import", "", ""),
    ]
    assert all(event.actor is None for event in events)


def test_failed_import_leaves_nothing(school, import_file, monkeypatch):
    from portal_backoffice.intake.services import import_rows

    def crash(*args, **kwargs):
        raise RuntimeError("disk full")

    # The children are stored by then, in the same transaction as the links.
    register_student(upn="F373200124123")
    monkeypatch.setattr(import_rows, "link_plans_write", crash)

    with pytest.raises(RuntimeError):
        import_file(portal_json([child(upn="F373200124123")]))

    assert nothing_stored()
    assert not AuditEvent.objects.exists()


def test_earlier_file_id_rejection_ignores_other_files(school, import_file):
    IncomingFileFactory(file_id="HC-0100", base=school)

    result = import_file(portal_json([child()], file_id="HC-0101"))

    assert result.incoming_file.file_id == "HC-0101"


def test_progress_reported_per_batch(school, import_file, monkeypatch):
    from portal_backoffice.intake.services import automatic_matching

    monkeypatch.setattr(automatic_matching, "MATCH_BATCH_SIZE", 2)
    calls = []

    import_file(
        portal_json([child(forename=name) for name in ("Quillan", "Tobiah", "Isolde")]),
        progress=lambda done, total: calls.append((done, total)),
    )

    assert calls == [(0, 3), (2, 3), (3, 3)]


def test_placeholders_never_agreement(school, import_file):
    register_student(legal_forename="Quillan", middle_names="Unknown")
    content = portal_json(
        [child(forename="Baby", middle_names="UNKNOWN", date_of_birth="1900-01-01")]
    )

    incoming = import_file(content).incoming_file.students.get()

    assert incoming.matched_student is None
    assert incoming.state == State.UNMATCHED
    for possible in incoming.possible_matches.all():
        levels = {reason["field"]: reason["level"] for reason in possible.explanation}
        assert levels.get("forename") != "exact"
        assert levels.get("date_of_birth") != "exact"
