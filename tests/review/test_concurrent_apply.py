"""Two officers applying decisions on the same student at once: only one Apply is made."""

import threading

import pytest
from django.db import connection, connections
from tests.factories import DataConflictFactory, IncomingStudentFactory, StudentFactory, UserFactory

from portal_backoffice.accounts.models import AuditEvent
from portal_backoffice.intake.models.choices import ConflictDecision, State
from portal_backoffice.intake.services.linking import IncomingStudentChanged
from portal_backoffice.register.models import ValueChange
from portal_backoffice.review.services import incoming_student_conflicts_apply

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason=(
            "Needs PostgreSQL: SQLite's shared in-memory test database raises "
            '"database table is locked" instead of waiting for the other thread.'
        ),
    ),
]


def test_second_of_two_racing_applies_is_rejected():
    incoming = IncomingStudentFactory(
        state=State.MATCHED_WITH_CONFLICTS, matched_student=StudentFactory()
    )
    conflict = DataConflictFactory(incoming_student=incoming)
    officers = [UserFactory(username="ada.quenby"), UserFactory(username="cyril.oakhurst")]
    start = threading.Barrier(2)
    outcomes = []

    def apply(officer):
        start.wait()
        try:
            incoming_student_conflicts_apply(
                incoming_student_id=incoming.pk,
                decisions={conflict.pk: ConflictDecision.ACCEPTED},
                actor=officer,
                expected_version=1,
            )
            outcomes.append("applied")
        except IncomingStudentChanged:
            outcomes.append("changed")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=apply, args=(officer,)) for officer in officers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["applied", "changed"]
    assert ValueChange.objects.count() == 1
    assert AuditEvent.objects.filter(action="incoming_student_conflicts_apply").count() == 1
