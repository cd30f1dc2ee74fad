"""Two officers selecting for the same incoming student at once: only one link is made."""

import threading

import pytest
from django.db import connection, connections
from tests.factories import IncomingStudentFactory, StudentFactory, UserFactory

from portal_backoffice.accounts.models import AuditEvent
from portal_backoffice.intake.services.linking import IncomingStudentChanged
from portal_backoffice.review.services import incoming_student_select

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


def test_second_of_two_racing_selects_is_rejected():
    incoming = IncomingStudentFactory()
    students = [StudentFactory(), StudentFactory()]
    officers = [UserFactory(username="ada.quenby"), UserFactory(username="cyril.oakhurst")]
    start = threading.Barrier(2)
    outcomes = []

    def select(student, officer):
        start.wait()
        try:
            incoming_student_select(
                incoming_student_id=incoming.pk,
                student_id=student.pk,
                actor=officer,
                expected_version=1,
            )
            outcomes.append("linked")
        except IncomingStudentChanged:
            outcomes.append("changed")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=select, args=pair) for pair in zip(students, officers, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    incoming.refresh_from_db()
    assert sorted(outcomes) == ["changed", "linked"]
    assert incoming.matched_student_id in {student.pk for student in students}
    assert incoming.version == 2
    assert AuditEvent.objects.filter(incoming_student_id=incoming.pk).count() == 1
