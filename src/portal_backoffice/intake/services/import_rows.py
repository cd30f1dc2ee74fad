"""The rows one import stores: converted before its write transaction, written inside it.

import_rows_prepare converts the file's children, carers, possible matches
and import audit rows to database values while no transaction is open.
import_rows_store runs inside the write transaction: it checks the planned
automatic links against the register as it is now, inserts the rows and
writes the links.
"""

from dataclasses import dataclass

from portal_backoffice.accounts.models import AuditEvent
from portal_backoffice.register.models import Student

from ..models import IncomingCarer, IncomingStudent, PossibleMatch
from ..models.choices import MatchMethod, State
from ..rules import RuleBook
from .automatic_matching import ImportMatching
from .bulk_insert import PreparedInsert
from .link_plans import (
    ID_CHUNK_SIZE,
    LinkPlan,
    LinkRows,
    link_plans_check,
    link_plans_outcome_set,
    link_plans_write,
    link_rows_prepare,
)
from .linking import incoming_student_link

# The IncomingStudent fields that the link check inside the write
# transaction can still change.
_LINK_OUTCOME_FIELDS = (
    "state",
    "version",
    "matched_student",
    "match_method",
    "has_possible_matches",
    "match_probability",
)

DROPPED_LINK_REASON = (
    "Left for review: the matched student was removed from the register "
    "or marked do-not-link while the file was matched"
)


@dataclass
class ImportRows:
    """One file's rows, with their values converted, ready for the write transaction."""

    students: list[IncomingStudent]
    matching: ImportMatching
    student_rows: PreparedInsert
    carer_rows: PreparedInsert
    possible_matches: list[PossibleMatch]
    possible_match_rows: PreparedInsert
    entered_rows: PreparedInsert
    # The import audit row of each valid child, by its position in the file.
    entered_events: dict[int, AuditEvent]
    link_rows: LinkRows


def import_rows_prepare(
    students: list[IncomingStudent], carers: list[list[IncomingCarer]], matching: ImportMatching
) -> ImportRows:
    """Convert the values of every row the import stores, except those the check can change."""
    invalid = [number for number, student in enumerate(students) if student.state == State.INVALID]
    possible_matches = [
        match for matches in matching.possible_matches.values() for match in matches
    ]
    subjects = invalid + list(matching.reasons)
    events = [_entered_event(students[number], matching.reasons.get(number)) for number in subjects]

    def subject_id(position: int) -> int:
        return students[subjects[position]].pk

    def subject_file_id(position: int) -> int:
        return students[subjects[position]].incoming_file_id

    return ImportRows(
        students=students,
        matching=matching,
        student_rows=PreparedInsert(IncomingStudent, students, late_fields=_LINK_OUTCOME_FIELDS),
        carer_rows=PreparedInsert(
            IncomingCarer,
            [carer for child_carers in carers for carer in child_carers],
            late_fields=("matched_person",),
        ),
        possible_matches=possible_matches,
        possible_match_rows=PreparedInsert(PossibleMatch, possible_matches, late_fields=("rank",)),
        entered_rows=PreparedInsert(
            AuditEvent,
            events,
            late_fields=("reason",),
            late_values={
                "incoming_student_id": subject_id,
                "incoming_file_id": subject_file_id,
            },
        ),
        entered_events=dict(zip(subjects[len(invalid) :], events[len(invalid) :], strict=True)),
        link_rows=link_rows_prepare(matching.plans),
    )


def _entered_event(student: IncomingStudent, reason: str | None) -> AuditEvent:
    if reason is None:
        reason = f"Failed validation with {len(student.errors)} errors"
    return AuditEvent(
        action="incoming_student_import",
        actor=None,
        to_state=student.state,
        reason=reason[:255],
        details={"record_number": student.record_number},
    )


def import_rows_store(rows: ImportRows, rules: RuleBook) -> None:
    """Check the planned links, then store the rows and write the links. Run in a transaction.

    The file's IncomingFile row must be saved first. Links whose register rows
    changed since they were planned are made again the officer's way, reading
    afresh. Links whose student is gone or marked do-not-link are not made.
    """
    matching = rows.matching
    checked = link_plans_check(matching.plans, read_mark=matching.read_mark)
    linkable = _linkable_ids(
        match.student_id for matches in matching.possible_matches.values() for match in matches
    )
    _possible_matches_rank(rows, linkable)
    link_plans_outcome_set(checked.ready)

    rows.student_rows.insert()
    rows.carer_rows.insert()
    rows.possible_match_rows.insert(
        keep=lambda position: rows.possible_matches[position].student_id in linkable
    )
    _dropped_links_explain(rows, linked=[*checked.ready, *checked.relink])
    rows.entered_rows.insert()

    link_plans_write(checked.ready, rows.link_rows)
    _relink(checked.relink, rules)


def _linkable_ids(student_ids) -> set[int]:
    """Return which of the students still exist and may be linked."""
    ids = sorted(set(student_ids))
    linkable = set()
    for start in range(0, len(ids), ID_CHUNK_SIZE):
        chunk = ids[start : start + ID_CHUNK_SIZE]
        linkable.update(
            Student.objects.filter(pk__in=chunk, do_not_link=False).values_list("pk", flat=True)
        )
    return linkable


def _possible_matches_rank(rows: ImportRows, linkable: set[int]) -> None:
    """Rank again the possible matches of a child that lost one since scoring."""
    for number, matches in rows.matching.possible_matches.items():
        remaining = [match for match in matches if match.student_id in linkable]
        if len(remaining) == len(matches):
            continue
        student = rows.students[number]
        student.has_possible_matches = bool(remaining)
        student.match_probability = remaining[0].match_probability if remaining else None
        for rank, match in enumerate(remaining, start=1):
            match.rank = rank


def _dropped_links_explain(rows: ImportRows, *, linked: list[LinkPlan]) -> None:
    linked_ids = {plan.incoming_student.pk for plan in linked}
    for number in rows.matching.targets:
        if rows.students[number].pk not in linked_ids:
            rows.entered_events[number].reason = DROPPED_LINK_REASON


def _relink(plans: list[LinkPlan], rules: RuleBook) -> None:
    """Link each child again the officer's way, reading its student and carers afresh."""
    for plan in plans:
        student = Student.objects.prefetch_related("carer_links__person").get(pk=plan.student.pk)
        incoming_student_link(
            incoming_student=plan.incoming_student,
            student=student,
            method=MatchMethod.AUTOMATIC,
            actor=None,
            rules=rules,
        )
