"""The timeline of one LA student: its audit events and the register values decisions replaced."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q

from portal_backoffice.accounts.models import AuditEvent
from portal_backoffice.register.models import Student, ValueChange

from .conflict_presenters import field_label, value_text
from .presenters import HistoryItem, history_item, uk_date_time

# ValueChange model name -> the student's related rows of that model.
HISTORY_RELATIONS = {
    "SenEntry": "sen_history",
    "Exclusion": "exclusions",
    "LookedAfterPeriod": "looked_after",
}


@dataclass(frozen=True)
class TimedItem:
    occurred: datetime
    pk: int
    item: HistoryItem


def _value_change_item(change: ValueChange) -> HistoryItem:
    label = field_label(change.field)
    if change.old_value:
        description = (
            f"{value_text(change.field, change.old_value)} replaced by "
            f"{value_text(change.field, change.new_value)}"
        )
        title = f"{label} changed"
    else:
        description = value_text(change.field, change.new_value)
        title = f"{label} added"
    if change.incoming_student_id:
        description += f". From incoming student {change.incoming_student_id}"
    return HistoryItem(
        label=title,
        byline=change.changed_by.get_username() if change.changed_by else "the system",
        timestamp=change.changed_at.isoformat(),
        occurred_at=uk_date_time(change.changed_at),
        description=description,
    )


def student_timeline(student: Student) -> list[HistoryItem]:
    """Return the student's audit events and value changes together, newest first."""
    events = AuditEvent.objects.filter(student_id=student.pk).select_related("actor")
    changes_query = Q(model="Student", object_id=student.pk)
    for model_name, relation in HISTORY_RELATIONS.items():
        ids = list(getattr(student, relation).values_list("pk", flat=True))
        if ids:
            changes_query |= Q(model=model_name, object_id__in=ids)
    changes = ValueChange.objects.filter(changes_query).select_related("changed_by")

    timed = [TimedItem(event.occurred_at, event.pk, history_item(event)) for event in events]
    timed += [
        TimedItem(change.changed_at, change.pk, _value_change_item(change)) for change in changes
    ]
    timed.sort(key=lambda entry: (entry.occurred, entry.pk), reverse=True)
    return [entry.item for entry in timed]
