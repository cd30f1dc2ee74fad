"""The decisions officers take on the review pages, each in its own transaction."""

from .adding import UpnHeldElsewhere, incoming_students_add_new
from .discarding import DISCARDABLE_STATES, incoming_students_discard
from .outcomes import BulkOutcome, SkippedStudent
from .selecting import StudentNotLinkable, incoming_student_select

__all__ = [
    "DISCARDABLE_STATES",
    "BulkOutcome",
    "SkippedStudent",
    "StudentNotLinkable",
    "UpnHeldElsewhere",
    "incoming_student_select",
    "incoming_students_add_new",
    "incoming_students_discard",
]
