"""Where an incoming student stands once some of its data conflicts are decided."""

from portal_backoffice.intake.models import IncomingStudent
from portal_backoffice.intake.models.choices import ConflictDecision, State

# The DataConflict field of an incoming carer who matched no person.
UNMATCHED_CARER_FIELD = "carer"


def open_conflicts_state(incoming_student: IncomingStudent) -> State:
    """Return the state the student's open conflicts put it in.

    Any open conflict but an unmatched carer keeps it matched with conflicts.
    Only unmatched carers left make it pending, and none left makes it processed.
    """
    open_fields = set(
        incoming_student.conflicts.filter(decision=ConflictDecision.OPEN).values_list(
            "field", flat=True
        )
    )
    if open_fields - {UNMATCHED_CARER_FIELD}:
        return State.MATCHED_WITH_CONFLICTS
    if open_fields:
        return State.PENDING
    # NOTE: no module (FSM, 2YO, transport, headcount) has tables yet, so a
    # processed student's module_data stays on the incoming student only.
    return State.PROCESSED
