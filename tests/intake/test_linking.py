"""Linking a matched incoming student: differences, data processing rules, carers, audit."""

from datetime import date

import pytest
from django.db import transaction
from portal_files import incoming_student, register_student

from factories import IncomingCarerFactory, PersonFactory, StudentCarerFactory
from portal_backoffice.accounts.models import AuditEvent
from portal_backoffice.intake.models import DataConflict, DataProcessingRule, RejectedValue
from portal_backoffice.intake.models.choices import DataGroup, MatchMethod, RuleAction, State
from portal_backoffice.intake.services.linking import (
    IncomingStudentChanged,
    incoming_student_link,
)
from portal_backoffice.register.models import FormerUpn, SenEntry, StudentAddress, ValueChange

pytestmark = pytest.mark.django_db

# Valid UPNs, their check letters worked out with the DfE algorithm.
PERMANENT_UPN = "F373200124123"
OTHER_PERMANENT_UPN = "X936400123507"
TEMPORARY_UPN = "Z82320102415C"


def link(incoming, student, method=MatchMethod.AUTOMATIC):
    incoming_student_link(incoming_student=incoming, student=student, method=method, actor=None)
    incoming.refresh_from_db()
    student.refresh_from_db()
    return incoming


def conflict_fields(incoming) -> list[tuple[str, str]]:
    return list(incoming.conflicts.values_list("data_group", "field"))


def rule(data_group, action, base=None):
    DataProcessingRule.objects.create(data_group=data_group, action=action, base=base)


def test_identical_student_is_processed():
    student = register_student()
    incoming = link(incoming_student(), student)

    assert incoming.state == State.PROCESSED
    assert incoming.matched_student == student
    assert incoming.match_method == MatchMethod.AUTOMATIC
    assert incoming.version == 2
    assert conflict_fields(incoming) == []


def test_name_difference_raises_conflict():
    student = register_student(legal_surname="Brackenbury")
    incoming = link(incoming_student(surname="Brackenbury-Vale"), student)

    assert incoming.state == State.MATCHED_WITH_CONFLICTS
    conflict = incoming.conflicts.get()
    assert (conflict.data_group, conflict.field) == (DataGroup.NAMES, "legal_surname")
    assert conflict.la_value == "Brackenbury"
    assert conflict.incoming_value == "Brackenbury-Vale"
    assert student.legal_surname == "Brackenbury"


def test_normalisation_only_differences_raise_nothing():
    student = register_student(
        legal_forename="Zoë",
        legal_surname="O'Hara",
        postcode="ZZ9 4QT",
        address_line_1="12 Osier Lane",
    )
    incoming = incoming_student(
        forename="ZOE", surname="O\u2019HARA  ", postcode="zz94qt", address_line_1="12  osier lane"
    )

    incoming = link(incoming, student)

    assert conflict_fields(incoming) == []
    assert incoming.state == State.PROCESSED
    assert student.legal_forename == "Zoë"


def test_placeholder_values_raise_nothing():
    student = register_student(address_line_1="12 Osier Lane")
    incoming = incoming_student(
        forename="Baby", address_line_1="N/A", date_of_birth=date(1900, 1, 1)
    )

    incoming = link(incoming, student)

    assert conflict_fields(incoming) == []
    assert student.address_line_1 == "12 Osier Lane"


def test_always_import_writes_value_and_keeps_old():
    rule(DataGroup.ADDRESS, RuleAction.ALWAYS_IMPORT)
    student = register_student(address_line_1="12 Osier Lane")
    incoming = link(incoming_student(address_line_1="4 Tamsin Row"), student)

    assert incoming.state == State.PROCESSED
    assert student.address_line_1 == "4 Tamsin Row"
    change = ValueChange.objects.get(field="address_line_1")
    assert (change.model, change.object_id) == ("Student", student.pk)
    assert (change.old_value, change.new_value) == ("12 Osier Lane", "4 Tamsin Row")
    assert change.incoming_student_id == incoming.pk
    assert (
        StudentAddress.objects.get(student=student, valid_to=None).address_line_1 == "4 Tamsin Row"
    )


def test_import_if_empty_fills_empty_value():
    student = register_student(gender="U")
    incoming = link(incoming_student(gender="M"), student)

    assert student.gender == "M"
    assert conflict_fields(incoming) == []


def test_import_if_empty_conflicts_when_held():
    student = register_student(gender="F")
    incoming = link(incoming_student(gender="M"), student)

    assert student.gender == "F"
    assert conflict_fields(incoming) == [(DataGroup.BASIC_DETAILS, "gender")]


def test_never_import_ignores_difference():
    rule(DataGroup.NAMES, RuleAction.NEVER_IMPORT)
    student = register_student(middle_names="")
    incoming = link(incoming_student(middle_names="Ansel"), student)

    assert incoming.state == State.PROCESSED
    assert student.middle_names == ""
    assert conflict_fields(incoming) == []
    assert ValueChange.objects.count() == 0


def test_base_rule_wins_over_default_rule():
    rule(DataGroup.NAMES, RuleAction.NEVER_IMPORT)
    incoming = incoming_student(middle_names="Ansel")
    rule(DataGroup.NAMES, RuleAction.ALWAYS_IMPORT, base=incoming.incoming_file.base)
    student = register_student(middle_names="")

    link(incoming, student)

    assert student.middle_names == "Ansel"


def test_rejected_value_not_raised_again():
    student = register_student(legal_surname="Brackenbury")
    RejectedValue.objects.create(student=student, field="legal_surname", value="Brackenbury-Vale")

    incoming = link(incoming_student(surname="BRACKENBURY-VALE"), student)

    assert conflict_fields(incoming) == []
    assert incoming.state == State.PROCESSED


def test_temporary_upn_kept_as_former_upn():
    student = register_student(upn=PERMANENT_UPN)
    incoming = link(incoming_student(upn=TEMPORARY_UPN), student)

    assert student.upn == PERMANENT_UPN
    assert list(FormerUpn.objects.filter(student=student).values_list("upn", flat=True)) == [
        TEMPORARY_UPN
    ]
    assert conflict_fields(incoming) == []


def test_temporary_upn_never_becomes_current():
    student = register_student(upn=None)
    link(incoming_student(upn=TEMPORARY_UPN), student)

    assert student.upn is None
    assert FormerUpn.objects.filter(student=student, upn=TEMPORARY_UPN).exists()


def test_permanent_upn_fills_empty_upn():
    student = register_student(upn=None)
    link(incoming_student(upn=PERMANENT_UPN), student)

    assert student.upn == PERMANENT_UPN


def test_upn_held_by_another_student_conflicts():
    rule(DataGroup.IDENTIFIERS, RuleAction.ALWAYS_IMPORT)
    register_student(
        legal_forename="Tobiah", date_of_birth=date(2017, 1, 5), upn=OTHER_PERMANENT_UPN
    )
    student = register_student(upn=PERMANENT_UPN)

    incoming = link(incoming_student(upn=OTHER_PERMANENT_UPN), student)

    assert student.upn == PERMANENT_UPN
    assert conflict_fields(incoming) == [(DataGroup.IDENTIFIERS, "upn")]


def test_replaced_permanent_upn_kept_as_former():
    rule(DataGroup.IDENTIFIERS, RuleAction.ALWAYS_IMPORT)
    student = register_student(upn=PERMANENT_UPN)
    link(incoming_student(upn=OTHER_PERMANENT_UPN), student)

    assert student.upn == OTHER_PERMANENT_UPN
    assert FormerUpn.objects.filter(student=student, upn=PERMANENT_UPN).exists()


def test_new_sen_entry_conflicts_by_default():
    student = register_student()
    sen = [{"provision": "K", "need_type": "SLCN", "start_date": "2025-09-01", "end_date": None}]
    incoming = link(incoming_student(extra_data={"sen": sen}), student)

    conflict = incoming.conflicts.get()
    assert (conflict.data_group, conflict.field) == (DataGroup.SEN, "sen_history")
    assert SenEntry.objects.filter(student=student).count() == 0


def test_new_sen_entry_imported_by_rule():
    rule(DataGroup.SEN, RuleAction.ALWAYS_IMPORT)
    student = register_student()
    sen = [{"provision": "K", "need_type": "SLCN", "start_date": "2025-09-01", "end_date": None}]
    link(incoming_student(extra_data={"sen": sen}), student)

    entry = SenEntry.objects.get(student=student)
    assert (entry.provision, entry.need_type, entry.start_date) == ("K", "SLCN", date(2025, 9, 1))


def test_sen_entry_already_held_raises_nothing():
    student = register_student()
    SenEntry.objects.create(student=student, provision="K", start_date=date(2025, 9, 1))
    sen = [{"provision": "K", "need_type": "", "start_date": "2025-09-01", "end_date": None}]

    incoming = link(incoming_student(extra_data={"sen": sen}), student)

    assert conflict_fields(incoming) == []


def test_leaver_details_fill_empty_values():
    student = register_student()
    leaver = {"leaving_date": "2026-07-22", "reason": "Moved away", "destination": ""}
    link(incoming_student(extra_data={"leaver": leaver}), student)

    assert student.leaving_date == date(2026, 7, 22)
    assert student.leaving_reason == "Moved away"


def test_carer_matched_to_own_carer():
    link_row = StudentCarerFactory(
        student=register_student(),
        person__forename="Orlaith",
        person__surname="Brackenbury",
        person__ni_number="HT520817A",
        person__phone="01632 960001",
    )
    incoming = incoming_student()
    carer = IncomingCarerFactory(
        incoming_student=incoming, forename="Orlaith", ni_number="HT520817A", phone="01632 960001"
    )

    incoming = link(incoming, link_row.student)

    carer.refresh_from_db()
    assert carer.matched_person == link_row.person
    assert incoming.state == State.PROCESSED


def test_carer_matched_by_ni_number_is_linked():
    student = register_student()
    person = PersonFactory(forename="Orlaith", surname="Brackenbury", ni_number="HT520817A")
    incoming = incoming_student()
    carer = IncomingCarerFactory(
        incoming_student=incoming, forename="Orlaith", ni_number="HT520817A"
    )

    link(incoming, student)

    carer.refresh_from_db()
    assert carer.matched_person == person
    assert student.carer_links.get().person == person


def test_matched_carer_difference_follows_carers_rule():
    link_row = StudentCarerFactory(
        student=register_student(),
        person__forename="Orlaith",
        person__surname="Brackenbury",
        person__ni_number="HT520817A",
        person__phone="",
        person__email="orlaith.old@example.org",
    )
    incoming = incoming_student()
    IncomingCarerFactory(
        incoming_student=incoming,
        forename="Orlaith",
        ni_number="HT520817A",
        phone="01632 960002",
        email="orlaith.new@example.org",
    )

    incoming = link(incoming, link_row.student)

    link_row.person.refresh_from_db()
    assert link_row.person.phone == "01632 960002"
    assert conflict_fields(incoming) == [(DataGroup.CARERS, "carer.email")]
    assert incoming.state == State.MATCHED_WITH_CONFLICTS


def test_unmatched_carer_leaves_student_pending():
    student = register_student()
    incoming = incoming_student()
    carer = IncomingCarerFactory(incoming_student=incoming, forename="Ptolemy", surname="Ashdown")

    incoming = link(incoming, student)

    conflict = incoming.conflicts.get()
    assert (conflict.data_group, conflict.field) == (DataGroup.CARERS, "carer")
    assert conflict.incoming_carer == carer
    assert incoming.state == State.PENDING


def test_carer_never_matched_on_name_alone():
    student = register_student(postcode="ZZ9 4QT")
    stranger = PersonFactory(forename="Orlaith", surname="Brackenbury", postcode="ZZ9 4QT")
    incoming = incoming_student()
    carer = IncomingCarerFactory(
        incoming_student=incoming,
        forename="Orlaith",
        surname="Brackenbury",
        gender="F",
        postcode="ZZ9 4QT",
        date_of_birth=None,
    )

    link(incoming, student)

    carer.refresh_from_db()
    assert carer.matched_person is None
    assert not student.carer_links.filter(person=stranger).exists()


def test_link_writes_audit_row():
    student = register_student(legal_surname="Brackenbury")
    incoming = link(incoming_student(surname="Brackenbury-Vale"), student)

    event = AuditEvent.objects.get(action="incoming_student_link")
    assert event.actor is None
    assert (event.incoming_student_id, event.student_id) == (incoming.pk, student.pk)
    assert (event.from_state, event.to_state) == (State.UNMATCHED, State.MATCHED_WITH_CONFLICTS)
    assert event.reason == "Matched automatically; 1 data conflicts"
    assert event.details["conflict_fields"] == ["legal_surname"]


def test_stale_incoming_student_is_not_linked():
    student = register_student()
    incoming = incoming_student()
    stale = type(incoming).objects.get(pk=incoming.pk)
    link(incoming, student)

    with pytest.raises(IncomingStudentChanged):
        incoming_student_link(
            incoming_student=stale,
            student=register_student(legal_forename="Tobiah"),
            method=MatchMethod.SELECTED,
            actor=None,
        )
    incoming.refresh_from_db()
    assert incoming.matched_student == student


@pytest.mark.django_db(transaction=True)
def test_link_outside_transaction_is_refused():
    incoming = incoming_student()
    student = register_student(legal_forename="Tobiah")
    assert not transaction.get_connection().in_atomic_block

    with pytest.raises(RuntimeError):
        incoming_student_link(
            incoming_student=incoming, student=student, method=MatchMethod.SELECTED, actor=None
        )
    assert DataConflict.objects.count() == 0
