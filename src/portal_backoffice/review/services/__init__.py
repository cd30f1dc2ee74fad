"""The decisions officers take on the review pages, each in its own transaction."""

from .accepting import ConflictNotAcceptable
from .adding import UpnHeldElsewhere, incoming_students_add_new
from .carers import (
    CarerLink,
    NiNumberHeld,
    incoming_carer_person_add,
    incoming_carer_person_select,
)
from .conflicts import ApplyOutcome, ConflictsUndecided, incoming_student_conflicts_apply
from .discarding import DISCARDABLE_STATES, incoming_students_discard
from .outcomes import BulkOutcome, SkippedStudent
from .selecting import StudentNotLinkable, incoming_student_select

__all__ = [
    "DISCARDABLE_STATES",
    "ApplyOutcome",
    "BulkOutcome",
    "CarerLink",
    "ConflictNotAcceptable",
    "ConflictsUndecided",
    "NiNumberHeld",
    "SkippedStudent",
    "StudentNotLinkable",
    "UpnHeldElsewhere",
    "incoming_carer_person_add",
    "incoming_carer_person_select",
    "incoming_student_conflicts_apply",
    "incoming_student_select",
    "incoming_students_add_new",
    "incoming_students_discard",
]
