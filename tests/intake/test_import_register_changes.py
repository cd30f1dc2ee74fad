"""The register changing between an import's matching and its write transaction.

incoming_file_prepare matches the file and works out its automatic links
outside any transaction; incoming_file_store writes them. Each test changes
the register in between, as an officer working at the same time would.
"""

from datetime import date

import pytest
from django.db import transaction
from portal_files import child, portal_json, register_student

from factories import PersonFactory, StudentCarerFactory, StudentFactory
from portal_backoffice.accounts.audit import audit_record
from portal_backoffice.accounts.models import AuditEvent
from portal_backoffice.intake.models import DataConflict, IncomingStudent, RejectedValue
from portal_backoffice.intake.models.choices import MatchMethod, State
from portal_backoffice.intake.services.import_rows import DROPPED_LINK_REASON
from portal_backoffice.intake.services.importing import incoming_file_prepare, incoming_file_store
from portal_backoffice.register.models import Person, Student

pytestmark = pytest.mark.django_db

UPN = "F373200124123"
SIBLING_UPN = "J373200124125"
NI_NUMBER = "JM480390B"


@pytest.fixture
def store(django_capture_on_commit_callbacks):
    """Store a prepared import in its own transaction, running the after-commit work."""

    def run(prepared):
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            return incoming_file_store(prepared)

    return run


def prepare(children: list[dict]):
    return incoming_file_prepare(content=portal_json(children), name="headcount.json")


def test_unchanged_register_links_as_planned(school, store):
    student = register_student(upn=UPN)
    prepared = prepare([child(upn=UPN)])

    result = store(prepared)

    incoming = result.incoming_file.students.get()
    assert incoming.matched_student == student
    assert incoming.match_method == MatchMethod.AUTOMATIC
    assert incoming.state == State.PROCESSED
    assert incoming.version == 2


def test_student_deleted_since_matching_left_for_review(school, store):
    student = register_student(upn=UPN)
    prepared = prepare([child(upn=UPN)])
    Student.objects.filter(pk=student.pk).delete()

    result = store(prepared)

    incoming = result.incoming_file.students.get()
    assert incoming.matched_student is None
    assert incoming.state == State.UNMATCHED
    assert incoming.possible_matches.count() == 0
    assert not incoming.has_possible_matches
    assert result.automatic_matches == 0
    entered = AuditEvent.objects.get(
        action="incoming_student_import", incoming_student_id=incoming.pk
    )
    assert entered.reason == DROPPED_LINK_REASON


def test_do_not_link_since_matching_not_linked(school, store):
    student = register_student(upn=UPN)
    prepared = prepare([child(upn=UPN)])
    Student.objects.filter(pk=student.pk).update(do_not_link=True)

    result = store(prepared)

    incoming = result.incoming_file.students.get()
    assert incoming.matched_student is None
    assert incoming.state == State.UNMATCHED
    assert not incoming.possible_matches.filter(student=student).exists()


def test_student_changed_since_matching_compared_afresh(school, store):
    student = register_student(upn=UPN)
    prepared = prepare([child(upn=UPN)])
    student.legal_surname = "Ashdown"
    student.save()

    result = store(prepared)

    incoming = result.incoming_file.students.get()
    assert incoming.matched_student == student
    assert incoming.state == State.MATCHED_WITH_CONFLICTS
    conflict = incoming.conflicts.get()
    assert (conflict.field, conflict.la_value, conflict.incoming_value) == (
        "legal_surname",
        "Ashdown",
        "Brackenbury",
    )


def test_value_rejected_since_matching_not_raised_again(school, store):
    student = register_student(upn=UPN, legal_surname="Ashdown")
    prepared = prepare([child(upn=UPN)])
    # An officer rejects the same surname for this student meanwhile, which
    # leaves the student's row as it was but writes an audit row naming it.
    RejectedValue.objects.create(student=student, field="legal_surname", value="Brackenbury")
    audit_record(action="data_conflict_reject", actor=None, system=True, student_id=student.pk)

    result = store(prepared)

    incoming = result.incoming_file.students.get()
    assert incoming.matched_student == student
    assert not incoming.conflicts.exists()
    assert incoming.state == State.PROCESSED


def test_upn_taken_since_matching_raised_as_conflict(school, store):
    student = register_student(legal_forename="Quillan", upn=None)
    prepared = prepare([child(upn=UPN)])
    plans = prepared.rows.matching.plans
    assert [plan.student for plan in plans] == [student]
    # An officer adds another student with that UPN meanwhile.
    StudentFactory(upn=UPN, legal_forename="Isolde")

    result = store(prepared)

    incoming = result.incoming_file.students.get()
    student.refresh_from_db()
    assert incoming.matched_student == student
    assert student.upn is None
    assert incoming.conflicts.get().field == "upn"


def siblings_sharing_a_mother():
    mother = PersonFactory(forename="Orlaith", surname="Brackenbury", ni_number=NI_NUMBER, phone="")
    first = register_student(upn=UPN)
    second = register_student(
        legal_forename="Tobiah", upn=SIBLING_UPN, date_of_birth=date(2016, 5, 2)
    )
    for student in (first, second):
        StudentCarerFactory(student=student, person=mother)
    return mother, first, second


def sibling_children(first_phone: str, second_phone: str) -> list[dict]:
    def mother(phone: str) -> dict:
        return {
            "forename": "Orlaith",
            "surname": "Brackenbury",
            "ni_number": NI_NUMBER,
            "phone": phone,
            "relationship": "Mother",
        }

    return [
        child(upn=UPN, carers=[mother(first_phone)]),
        child(
            forename="Tobiah",
            upn=SIBLING_UPN,
            date_of_birth="2016-05-02",
            carers=[mother(second_phone)],
        ),
    ]


def test_siblings_writing_one_carer_linked_in_turn(school, store):
    mother, first, second = siblings_sharing_a_mother()
    prepared = prepare(sibling_children("07700 900101", "07700 900202"))

    result = store(prepared)

    mother.refresh_from_db()
    states = dict(result.incoming_file.students.values_list("matched_student", "state"))
    assert result.automatic_matches == 2
    # The carers rule imports a phone only into an empty one: the first child's
    # phone is written, and the second child's then differs from it.
    assert mother.phone == "07700 900101"
    conflict = DataConflict.objects.get(field="carer.phone")
    assert conflict.incoming_student.matched_student == second
    assert (conflict.la_value, conflict.incoming_value) == ("07700 900101", "07700 900202")
    assert states == {first.pk: State.PROCESSED, second.pk: State.MATCHED_WITH_CONFLICTS}


def test_carer_changed_since_matching_compared_afresh(school, store):
    mother, first, _ = siblings_sharing_a_mother()
    prepared = prepare([sibling_children("07700 900101", "")[0]])
    Person.objects.filter(pk=mother.pk).update(phone="07700 900999")
    mother.refresh_from_db()
    mother.save()

    result = store(prepared)

    incoming = result.incoming_file.students.get()
    mother.refresh_from_db()
    assert incoming.matched_student == first
    assert mother.phone == "07700 900999"
    assert incoming.conflicts.get().field == "carer.phone"


def test_prepare_writes_nothing(school):
    register_student(upn=UPN)

    prepared = prepare([child(upn=UPN), child(surname="")])

    assert len(prepared.rows.matching.plans) == 1
    assert not IncomingStudent.objects.exists()
    assert not AuditEvent.objects.exists()
