"""Apply on Manage Data Conflicts: Accept, Reject and Discard in one transaction."""

import datetime
import json

import pytest
from tests.factories import (
    DataConflictFactory,
    IncomingCarerFactory,
    IncomingFileFactory,
    IncomingStudentFactory,
    PersonFactory,
    StudentFactory,
    UserFactory,
)

from portal_backoffice.accounts.models import AuditEvent
from portal_backoffice.intake.models import DataConflict, RejectedValue
from portal_backoffice.intake.models.choices import ConflictDecision, DataGroup, State
from portal_backoffice.intake.services.linking import IncomingStudentChanged
from portal_backoffice.register.models import SenEntry, Student, ValueChange
from portal_backoffice.review.services import (
    ConflictNotAcceptable,
    ConflictsUndecided,
    incoming_student_conflicts_apply,
)

pytestmark = pytest.mark.django_db

ACCEPT = ConflictDecision.ACCEPTED
REJECT = ConflictDecision.REJECTED
DISCARD = ConflictDecision.DISCARDED


@pytest.fixture
def actor():
    return UserFactory(username="ada.quenby")


@pytest.fixture
def student():
    return StudentFactory(legal_forename="Ottilie", legal_surname="Tansley")


@pytest.fixture
def incoming(student):
    return IncomingStudentFactory(
        forename="Ottoline",
        surname="Tansley",
        state=State.MATCHED_WITH_CONFLICTS,
        matched_student=student,
        version=2,
    )


@pytest.fixture
def forename_conflict(incoming):
    return DataConflictFactory(
        incoming_student=incoming,
        data_group=DataGroup.NAMES,
        field="legal_forename",
        la_value="Ottilie",
        incoming_value="Ottoline",
    )


@pytest.fixture
def address_conflict(incoming):
    return DataConflictFactory(incoming_student=incoming)


def apply(incoming, decisions, actor, version=2):
    return incoming_student_conflicts_apply(
        incoming_student_id=incoming.pk,
        decisions=decisions,
        actor=actor,
        expected_version=version,
    )


def test_accept_writes_value_and_keeps_old(incoming, student, forename_conflict, actor):
    outcome = apply(incoming, {forename_conflict.pk: ACCEPT}, actor)

    student.refresh_from_db()
    assert student.legal_forename == "Ottoline"
    change = ValueChange.objects.get(model="Student", object_id=student.pk)
    assert change.field == "legal_forename"
    assert change.old_value == "Ottilie"
    assert change.new_value == "Ottoline"
    assert change.incoming_student_id == incoming.pk
    assert outcome.incoming_student.state == State.PROCESSED
    assert outcome.incoming_student.version == 3


def test_accepted_address_opens_new_address(incoming, student, address_conflict, actor):
    apply(incoming, {address_conflict.pk: ACCEPT}, actor)

    student.refresh_from_db()
    assert student.address_line_1 == "3 Bramblegate Court"
    current = student.addresses.get(valid_to__isnull=True)
    assert current.address_line_1 == "3 Bramblegate Court"


def test_reject_keeps_la_value_and_remembers(incoming, student, forename_conflict, actor):
    apply(incoming, {forename_conflict.pk: REJECT}, actor)

    student.refresh_from_db()
    assert student.legal_forename == "Ottilie"
    rejected = RejectedValue.objects.get(student=student)
    assert rejected.field == "legal_forename"
    assert rejected.value == "Ottoline"
    assert rejected.rejected_by.username == "ada.quenby"
    assert not ValueChange.objects.exists()


def test_discard_changes_nothing_and_remembers_nothing(incoming, student, forename_conflict, actor):
    apply(incoming, {forename_conflict.pk: DISCARD}, actor)

    student.refresh_from_db()
    assert student.legal_forename == "Ottilie"
    assert not RejectedValue.objects.exists()
    forename_conflict.refresh_from_db()
    assert forename_conflict.decision == DISCARD
    assert forename_conflict.decided_by.username == "ada.quenby"
    assert forename_conflict.decided_at is not None


def test_one_audit_row_with_ids_not_values(
    incoming, student, forename_conflict, address_conflict, actor
):
    apply(incoming, {forename_conflict.pk: ACCEPT, address_conflict.pk: REJECT}, actor)

    event = AuditEvent.objects.get(action="incoming_student_conflicts_apply")
    assert event.incoming_student_id == incoming.pk
    assert event.student_id == student.pk
    assert event.from_state == State.MATCHED_WITH_CONFLICTS
    assert event.to_state == State.PROCESSED
    assert event.details == {
        "accepted_conflict_ids": [forename_conflict.pk],
        "rejected_conflict_ids": [address_conflict.pk],
        "discarded_conflict_ids": [],
    }
    assert "Ottoline" not in json.dumps(event.details) + event.reason
    assert "Bramblegate" not in json.dumps(event.details) + event.reason


def test_undecided_items_apply_nothing(
    incoming, student, forename_conflict, address_conflict, actor
):
    with pytest.raises(ConflictsUndecided) as raised:
        apply(incoming, {forename_conflict.pk: ACCEPT}, actor)

    assert raised.value.conflict_ids == [address_conflict.pk]
    student.refresh_from_db()
    assert student.legal_forename == "Ottilie"
    incoming.refresh_from_db()
    assert incoming.state == State.MATCHED_WITH_CONFLICTS
    assert incoming.version == 2
    assert not AuditEvent.objects.exists()


def test_stale_version_is_rejected(incoming, student, forename_conflict, actor):
    with pytest.raises(IncomingStudentChanged):
        apply(incoming, {forename_conflict.pk: ACCEPT}, actor, version=1)

    student.refresh_from_db()
    assert student.legal_forename == "Ottilie"
    forename_conflict.refresh_from_db()
    assert forename_conflict.decision == ConflictDecision.OPEN


def test_second_apply_is_not_applied_twice(incoming, student, forename_conflict, actor):
    apply(incoming, {forename_conflict.pk: ACCEPT}, actor)

    with pytest.raises(IncomingStudentChanged):
        apply(incoming, {forename_conflict.pk: ACCEPT}, UserFactory(username="cyril.oakhurst"))

    assert ValueChange.objects.count() == 1
    assert AuditEvent.objects.filter(action="incoming_student_conflicts_apply").count() == 1


def test_upn_held_by_another_student_cannot_be_accepted(incoming, student, actor):
    holder = StudentFactory(upn="F373200124123")
    conflict = DataConflictFactory(
        incoming_student=incoming,
        data_group=DataGroup.IDENTIFIERS,
        field="upn",
        la_value="",
        incoming_value="F373200124123",
    )

    with pytest.raises(ConflictNotAcceptable) as raised:
        apply(incoming, {conflict.pk: ACCEPT}, actor)

    assert raised.value.message == (
        f"UPN F373200124123 already belongs to student {holder.pk}. Reject or discard this change"
    )
    student.refresh_from_db()
    assert student.upn is None


def test_accepted_sen_entry_is_added(incoming, student, actor):
    entry = {"provision": "K", "start_date": "2023-09-04"}
    conflict = DataConflictFactory(
        incoming_student=incoming,
        data_group=DataGroup.SEN,
        field="sen_history",
        la_value="[]",
        incoming_value=json.dumps(entry, sort_keys=True),
    )

    apply(incoming, {conflict.pk: ACCEPT}, actor)

    added = SenEntry.objects.get(student=student)
    assert added.provision == "K"
    assert added.start_date == datetime.date(2023, 9, 4)


def test_accepted_carer_field_updates_person(incoming, student, actor):
    person = PersonFactory(phone="01632 960111")
    carer = IncomingCarerFactory(incoming_student=incoming, matched_person=person)
    conflict = DataConflictFactory(
        incoming_student=incoming,
        data_group=DataGroup.CARERS,
        field="carer.phone",
        incoming_carer=carer,
        la_value="01632 960111",
        incoming_value="01632 960222",
    )

    apply(incoming, {conflict.pk: ACCEPT}, actor)

    person.refresh_from_db()
    assert person.phone == "01632 960222"
    assert ValueChange.objects.get(model="Person").old_value == "01632 960111"


def test_unmatched_carer_left_makes_student_pending(incoming, forename_conflict, actor):
    carer = IncomingCarerFactory(incoming_student=incoming)
    DataConflictFactory(
        incoming_student=incoming,
        data_group=DataGroup.CARERS,
        field="carer",
        incoming_carer=carer,
        la_value="",
        incoming_value="Wilhelmina Tansley Mother",
    )

    outcome = apply(incoming, {forename_conflict.pk: ACCEPT}, actor)

    assert outcome.incoming_student.state == State.PENDING


def test_decision_for_another_students_conflict_is_rejected(incoming, forename_conflict, actor):
    other = DataConflictFactory()

    with pytest.raises(IncomingStudentChanged):
        apply(incoming, {forename_conflict.pk: ACCEPT, other.pk: ACCEPT}, actor)

    assert DataConflict.objects.get(pk=forename_conflict.pk).decision == ConflictDecision.OPEN


class TestRejectedValueOnReimport:
    """A rejected value is not raised again when the same content comes in a new file."""

    def test_same_value_in_new_file_not_raised(self, student, actor):
        from django.db import transaction

        from portal_backoffice.intake.models.choices import MatchMethod
        from portal_backoffice.intake.services.linking import incoming_student_link

        def link_new_file():
            incoming = IncomingStudentFactory(
                incoming_file=IncomingFileFactory(base=student.base),
                forename="Ottoline",
                surname=student.legal_surname,
                date_of_birth=student.date_of_birth,
            )
            with transaction.atomic():
                incoming_student_link(
                    incoming_student=incoming,
                    student=student,
                    method=MatchMethod.SELECTED,
                    actor=actor,
                )
            incoming.refresh_from_db()
            return incoming

        first = link_new_file()
        conflict = first.conflicts.get()
        assert conflict.field == "legal_forename"
        apply(first, {conflict.pk: REJECT}, actor, version=first.version)

        second = link_new_file()

        assert second.incoming_file.file_id != first.incoming_file.file_id
        assert second.conflicts.count() == 0
        assert second.state == State.PROCESSED
        assert Student.objects.get(pk=student.pk).legal_forename == "Ottilie"


def test_discarded_unmatched_carer_makes_student_processed(incoming, actor):
    carer = IncomingCarerFactory(incoming_student=incoming)
    conflict = DataConflictFactory(
        incoming_student=incoming,
        data_group=DataGroup.CARERS,
        field="carer",
        incoming_carer=carer,
    )

    outcome = apply(incoming, {conflict.pk: DISCARD}, actor)

    assert outcome.incoming_student.state == State.PROCESSED
    carer.refresh_from_db()
    assert carer.matched_person is None


def test_unmatched_carer_cannot_be_accepted(incoming, actor):
    carer = IncomingCarerFactory(incoming_student=incoming)
    conflict = DataConflictFactory(
        incoming_student=incoming,
        data_group=DataGroup.CARERS,
        field="carer",
        incoming_carer=carer,
    )

    with pytest.raises(ConflictNotAcceptable) as raised:
        apply(incoming, {conflict.pk: ACCEPT}, actor)

    assert raised.value.message == "Match this carer or add them as a new person, or discard them"


def test_apply_with_no_decision_is_undecided(incoming, actor):
    carer = IncomingCarerFactory(incoming_student=incoming)
    conflict = DataConflictFactory(
        incoming_student=incoming,
        data_group=DataGroup.CARERS,
        field="carer",
        incoming_carer=carer,
    )

    with pytest.raises(ConflictsUndecided) as raised:
        apply(incoming, {}, actor)

    assert raised.value.conflict_ids == [conflict.pk]
    assert not AuditEvent.objects.exists()
