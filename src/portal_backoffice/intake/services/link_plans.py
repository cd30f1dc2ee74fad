"""Automatic links an import works out before its write transaction, then writes in bulk.

link_plan_make settles one automatic match's differences against the
register as read outside any transaction, keeping every write in memory.
Inside the write transaction, link_plans_check sorts the plans. A plan whose
student or people changed since they were read, or that shares a person or
a unique value with another plan, is linked again the officer's way:
incoming_student_link, one child at a time, reading afresh.
link_plans_write writes the rest together.
"""

import logging
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Model, Q
from django.utils import timezone

from portal_backoffice.accounts.models import AuditEvent
from portal_backoffice.register.models import (
    FormerUpn,
    Person,
    Student,
    StudentAddress,
    StudentCarer,
    ValueChange,
)

from ..models import DataConflict, IncomingCarer, IncomingStudent
from ..models.choices import MatchMethod, State
from ..rules import RuleBook
from .bulk_insert import PreparedInsert
from .differences import DifferenceSettler
from .linking import link_audit_reason_and_details, link_differences_settle
from .match_index import match_index_refresh_on_commit
from .register_writes import DeferredRegisterWrites
from .values import as_text

logger = logging.getLogger(__name__)

# Ids per query when checking many rows, below SQLite's limit of 32,766 parameters.
ID_CHUNK_SIZE = 5000

# On PostgreSQL an audit row can commit after a row with a higher id. So an
# officer's transaction that wrote its audit row before the plans read the
# register, and committed after, is found by its time instead. Events up to
# this long before the reads count as possibly unseen, and officers'
# transactions last far less. On SQLite writers take turns, so the id would do.
AUDIT_CLOCK_MARGIN = timedelta(seconds=30)


@dataclass(frozen=True)
class RegisterReadMark:
    """When the plans began to read the register, and the last audit row written by then."""

    at: datetime
    last_audit_id: int


def register_read_mark() -> RegisterReadMark:
    """Mark the moment before the plans read the register, for link_plans_check."""
    at = timezone.now()
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    return RegisterReadMark(at=at, last_audit_id=last or 0)


@dataclass
class LinkPlan:
    """One automatic link, settled against the register as read, with its writes kept."""

    incoming_student: IncomingStudent
    carers: list[IncomingCarer]
    student: Student
    # The student's updated_at when it was read, to tell whether it changed since.
    student_updated_at: datetime
    settler: DifferenceSettler
    carer_counts: dict
    to_state: State

    @property
    def writes(self) -> DeferredRegisterWrites:
        return self.settler.writes


@dataclass
class LinkPlansChecked:
    """The plans sorted by what the write transaction does with each."""

    # Written as planned.
    ready: list[LinkPlan] = field(default_factory=list)
    # Linked again inside the transaction, reading the register afresh.
    relink: list[LinkPlan] = field(default_factory=list)
    # Not linked: the student is gone or marked do-not-link.
    dropped: list[LinkPlan] = field(default_factory=list)


def link_plan_make(
    *,
    incoming_student: IncomingStudent,
    carers: list[IncomingCarer],
    student: Student,
    rules: RuleBook,
) -> LinkPlan:
    """Settle an automatic match's differences, keeping its writes, and return the plan.

    Prefetch the student's carer_links__person and rejected_values for a batch.
    """
    settler = DifferenceSettler(
        incoming_student=incoming_student,
        student=student,
        rules=rules,
        actor=None,
        writes=DeferredRegisterWrites(),
        incoming_carers=carers,
    )
    updated_at = student.updated_at
    carer_counts, to_state = link_differences_settle(settler)
    return LinkPlan(incoming_student, carers, student, updated_at, settler, carer_counts, to_state)


def link_plans_check(plans: list[LinkPlan], *, read_mark: RegisterReadMark) -> LinkPlansChecked:
    """Lock the plans' students and people, and sort the plans by what changed since read_mark.

    Run inside the write transaction. On PostgreSQL the row locks keep an
    officer from changing a planned student, or a person a plan writes, until
    the import commits. On SQLite the import's transaction already holds the
    write lock. The locks are FOR NO KEY UPDATE, so an officer's rows that
    only refer to a locked student (a carer link, a rejected value) do not
    wait for them.
    """
    checked = LinkPlansChecked()
    current = _students_current({plan.student.pk for plan in plans})
    changed_students, changed_people = _changed_since(plans, current, read_mark)
    shared = (
        _plans_sharing_a_student(plans)
        | _plans_sharing_a_person(plans)
        | _plans_sharing_a_unique_value(plans)
    )

    for number, plan in enumerate(plans):
        state = current.get(plan.student.pk)
        if state is None or state[1]:
            checked.dropped.append(plan)
        elif (
            number in shared
            or plan.student.pk in changed_students
            or not changed_people.isdisjoint(plan.writes.people_read)
        ):
            checked.relink.append(plan)
        else:
            checked.ready.append(plan)

    if checked.relink or checked.dropped:
        logger.info(
            "Automatic links checked: ready=%d relink=%d dropped=%d",
            len(checked.ready),
            len(checked.relink),
            len(checked.dropped),
        )
    return checked


def _chunks(values: Iterable) -> Iterator[list]:
    ordered = sorted(values)
    for start in range(0, len(ordered), ID_CHUNK_SIZE):
        yield ordered[start : start + ID_CHUNK_SIZE]


def _students_current(ids: set[int]) -> dict[int, tuple[datetime, bool]]:
    """Lock the students and return id -> (updated_at, do_not_link) for those that exist."""
    current = {}
    for chunk in _chunks(ids):
        rows = (
            Student.objects.select_for_update(no_key=True)
            .filter(pk__in=chunk)
            .values_list("pk", "updated_at", "do_not_link")
        )
        current.update({pk: (updated_at, do_not_link) for pk, updated_at, do_not_link in rows})
    return current


def _changed_since(
    plans: list[LinkPlan], current: dict, read_mark: RegisterReadMark
) -> tuple[set[int], set[int]]:
    """Return the ids of the students and people that changed since the plans read them."""
    changed_students = {
        plan.student.pk
        for plan in plans
        if plan.student.pk in current and current[plan.student.pk][0] != plan.student_updated_at
    }

    people_read: dict[int, datetime] = {}
    people_written = set()
    for plan in plans:
        people_read.update(plan.writes.people_read)
        people_written.update(plan.writes.person_fields)
    people_now = {}
    # Only the people a plan writes are locked. A change to a person that a
    # plan only compared, made after this check, can leave a conflict raised
    # from the older value, but the import never writes over it.
    # NOTE: students are locked before people. An officer's transaction that
    # updates a planned person and then a planned student in the same moment
    # can deadlock with this one on PostgreSQL, which then ends one of the two.
    # If it ends the import's, the job fails and the file must be uploaded again.
    for chunk in _chunks(people_written):
        rows = Person.objects.select_for_update(no_key=True).filter(pk__in=chunk)
        people_now.update(dict(rows.values_list("pk", "updated_at")))
    for chunk in _chunks(set(people_read) - people_written):
        rows = Person.objects.filter(pk__in=chunk)
        people_now.update(dict(rows.values_list("pk", "updated_at")))
    changed_people = {pk for pk, read in people_read.items() if people_now.get(pk) != read}

    # An officer's change to a student's rejected values, history or carer
    # links leaves the student's updated_at as it was, but every decision
    # writes an audit row naming the student, the person or the incoming
    # student linked to the student.
    events = AuditEvent.objects.filter(
        Q(pk__gt=read_mark.last_audit_id) | Q(occurred_at__gte=read_mark.at - AUDIT_CLOCK_MARGIN)
    )
    incoming_ids = set()
    for student_id, person_id, incoming_student_id in events.values_list(
        "student_id", "person_id", "incoming_student_id"
    ):
        changed_students.add(student_id)
        changed_people.add(person_id)
        incoming_ids.add(incoming_student_id)
    for chunk in _chunks(incoming_ids - {None}):
        changed_students.update(
            IncomingStudent.objects.filter(pk__in=chunk).values_list(
                "matched_student_id", flat=True
            )
        )
    return changed_students - {None}, changed_people - {None}


def _plans_sharing_a_student(plans: list[LinkPlan]) -> set[int]:
    """Return the plans whose student another plan also links, from another file of the import.

    Each plan settled its differences against the student as the register
    held it, so such plans are linked one after the other instead.
    """
    counts = Counter(plan.student.pk for plan in plans)
    return {number for number, plan in enumerate(plans) if counts[plan.student.pk] > 1}


def _plans_sharing_a_person(plans: list[LinkPlan]) -> set[int]:
    """Return the plans that read a person another plan writes, or write one another plan reads.

    Each plan compared its carers with the person as the register held them,
    so two plans of one file that meet at a person are linked one after the
    other instead, each seeing what the last wrote.
    """
    readers = defaultdict(list)
    written = set()
    for number, plan in enumerate(plans):
        for person_id in plan.writes.people_read:
            readers[person_id].append(number)
        written.update(plan.writes.person_fields)
    return {
        number
        for person_id, numbers in readers.items()
        if person_id in written and len(numbers) > 1
        for number in numbers
    }


def _plans_sharing_a_unique_value(plans: list[LinkPlan]) -> set[int]:
    """Return the plans that write a UPN or NI number that another plan or row now holds."""
    clashing = set()
    for attribute, model, field_name in (
        ("upns_written", Student, "upn"),
        ("ni_numbers_written", Person, "ni_number"),
    ):
        writers = defaultdict(list)
        for number, plan in enumerate(plans):
            for value in getattr(plan.writes, attribute):
                writers[value].append(number)

        holders = {}
        for chunk in _chunks(writers):
            rows = model.objects.filter(**{f"{field_name}__in": chunk})
            holders.update(dict(rows.values_list(field_name, "pk")))

        for value, numbers in writers.items():
            if len(numbers) > 1:
                clashing.update(numbers)
            for number in numbers:
                if value in holders and holders[value] not in _rows_written(plans[number], model):
                    clashing.add(number)
    return clashing


def _rows_written(plan: LinkPlan, model) -> set[int]:
    if model is Student:
        return {plan.student.pk}
    return set(plan.writes.person_fields)


def link_plans_outcome_set(plans: list[LinkPlan]) -> None:
    """Set each plan's outcome on its incoming student and carers, before they are stored."""
    for plan in plans:
        incoming_student = plan.incoming_student
        incoming_student.matched_student = plan.student
        incoming_student.match_method = MatchMethod.AUTOMATIC
        incoming_student.version += 1
        incoming_student.state = plan.to_state
        for carer, person in plan.writes.carer_persons:
            carer.matched_person = person


@dataclass
class LinkRows:
    """The audit rows and conflicts of every plan, converted before the write transaction."""

    plans: list[LinkPlan]
    audit_rows: PreparedInsert
    # The position in plans of each conflict's plan.
    conflict_plans: list[int]
    conflict_rows: PreparedInsert


def link_rows_prepare(plans: list[LinkPlan]) -> LinkRows:
    """Convert the plans' audit rows and conflicts, the largest share of their writes."""
    conflicts = []
    conflict_plans = []
    for number, plan in enumerate(plans):
        conflicts += plan.settler.settlement.conflicts
        conflict_plans += [number] * len(plan.settler.settlement.conflicts)

    def incoming_student_id(position: int) -> int:
        return plans[position].incoming_student.pk

    def incoming_file_id(position: int) -> int:
        return plans[position].incoming_student.incoming_file_id

    return LinkRows(
        plans=plans,
        audit_rows=PreparedInsert(
            AuditEvent,
            [_link_audit_event(plan) for plan in plans],
            late_values={
                "incoming_student_id": incoming_student_id,
                "incoming_file_id": incoming_file_id,
            },
        ),
        conflict_plans=conflict_plans,
        conflict_rows=PreparedInsert(DataConflict, conflicts),
    )


def link_plans_write(plans: list[LinkPlan], rows: LinkRows) -> None:
    """Write every register change, conflict and audit row of the plans, in bulk.

    plans are the ready ones of rows.plans. Run inside the write transaction,
    after link_plans_outcome_set and after the file's incoming students and
    carers are stored.
    """
    now = timezone.now()
    writes = [plan.writes for plan in plans]
    # Plans compare equal by value, so the ready ones are found by id().
    ready = {id(plan) for plan in plans}
    ready_numbers = {number for number, plan in enumerate(rows.plans) if id(plan) in ready}

    _students_update(plans, now)
    FormerUpn.objects.bulk_create(
        [row for write in writes for row in write.former_upns], ignore_conflicts=True
    )
    _addresses_replace(writes, now)
    _history_entries_create(writes)
    _people_update(writes, now)
    StudentCarer.objects.bulk_create([row for write in writes for row in write.student_carers])
    ValueChange.objects.bulk_create(
        [_value_change(draft) for write in writes for draft in write.value_changes]
    )
    rows.conflict_rows.insert(keep=lambda position: rows.conflict_plans[position] in ready_numbers)
    rows.audit_rows.insert(keep=lambda position: position in ready_numbers)

    match_index_refresh_on_commit(
        plan.student.pk
        for plan in plans
        if plan.settler.settlement.written.student_fields
        or plan.settler.settlement.written.former_upns
    )


def _students_update(plans: list[LinkPlan], now: datetime) -> None:
    by_fields = defaultdict(list)
    for plan in plans:
        fields = plan.settler.settlement.written.student_fields
        if fields:
            plan.student.updated_at = now
            by_fields[tuple(sorted(set(fields)))].append(plan.student)
    for fields, students in by_fields.items():
        Student.objects.bulk_update(students, [*fields, "updated_at"])


def _addresses_replace(writes: list[DeferredRegisterWrites], now: datetime) -> None:
    moved = [student.pk for write in writes for student in write.students_moved]
    today = timezone.localdate(now)
    for chunk in _chunks(moved):
        StudentAddress.objects.filter(student_id__in=chunk, valid_to__isnull=True).update(
            valid_to=today
        )
    StudentAddress.objects.bulk_create([row for write in writes for row in write.addresses])


def _history_entries_create(writes: list[DeferredRegisterWrites]) -> None:
    by_model: dict[type[Model], list[Model]] = defaultdict(list)
    for write in writes:
        for entry in write.history_entries:
            by_model[type(entry)].append(entry)
    # bulk_create sets each entry's pk, which its ValueChange row needs.
    for model, entries in by_model.items():
        model.objects.bulk_create(entries)


def _people_update(writes: list[DeferredRegisterWrites], now: datetime) -> None:
    by_fields = defaultdict(list)
    for write in writes:
        for person, fields in write.person_fields.values():
            person.updated_at = now
            by_fields[tuple(sorted(fields))].append(person)
    for fields, people in by_fields.items():
        Person.objects.bulk_update(people, [*fields, "updated_at"])


def _value_change(draft) -> ValueChange:
    return ValueChange(
        model=draft.model,
        object_id=draft.target.pk,
        field=draft.field_name,
        old_value=as_text(draft.old),
        new_value=as_text(draft.new),
        changed_by=draft.actor,
        incoming_student_id=draft.incoming_student.pk,
    )


def _link_audit_event(plan: LinkPlan) -> AuditEvent:
    reason, details = link_audit_reason_and_details(
        plan.settler, MatchMethod.AUTOMATIC, plan.carer_counts
    )
    return AuditEvent(
        action="incoming_student_link",
        actor=None,
        student_id=plan.student.pk,
        from_state=State.UNMATCHED,
        to_state=plan.to_state,
        reason=reason,
        details=details,
    )
