"""Settle SEN, exclusion and looked-after entries of a matched incoming student.

An incoming entry the student does not have, by its identifying fields, is a
difference, which the data group's processing rule settles.
"""

import json

from ..models.choices import DataGroup
from .differences import Difference, DifferenceSettler
from .values import HISTORY_MODELS, as_text

# (data group, conflict field, extra_data key, fields that identify an entry, all fields)
HISTORY_GROUPS = (
    (
        DataGroup.SEN,
        "sen_history",
        "sen",
        ("provision", "start_date"),
        ("provision", "need_type", "start_date", "end_date"),
    ),
    (
        DataGroup.EXCLUSIONS,
        "exclusions",
        "exclusions",
        ("category", "start_date"),
        ("category", "start_date", "end_date", "reason", "sessions"),
    ),
    (
        DataGroup.LOOKED_AFTER,
        "looked_after",
        "looked_after",
        ("start_date",),
        ("start_date", "end_date", "care_authority"),
    ),
)


def _entry_text(entry: dict, fields: tuple[str, ...]) -> dict:
    return {name: as_text(entry.get(name)) for name in fields if as_text(entry.get(name))}


def student_history_settle(settler: DifferenceSettler) -> None:
    """Settle SEN, exclusion and looked-after entries: an entry not held is a difference."""
    for group, conflict_field, key, identity, fields in HISTORY_GROUPS:
        incoming_entries = settler.incoming_student.extra_data.get(key) or []
        if not incoming_entries:
            continue
        model = HISTORY_MODELS[conflict_field]
        held = [
            _entry_text(row, fields)
            for row in model.objects.filter(student=settler.student).values(*fields)
        ]
        held_keys = {tuple(row.get(name, "") for name in identity) for row in held}
        la_text = json.dumps(held, sort_keys=True)

        for entry in incoming_entries:
            entry_text = _entry_text(entry, fields)
            if not entry_text or tuple(entry_text.get(n, "") for n in identity) in held_keys:
                continue
            value = json.dumps(entry_text, sort_keys=True)
            settler.settle(
                Difference(
                    data_group=group,
                    field=conflict_field,
                    la_value=la_text,
                    incoming_value=value,
                    la_empty=not held,
                    write=_history_writer(settler, conflict_field, value),
                    # An entry without its identifying dates cannot be stored.
                    blocked=any(name not in entry_text for name in identity),
                ),
                compare_as=conflict_field,
            )


def _history_writer(settler: DifferenceSettler, field_name: str, value: str):
    def write():
        settler.writes.history_entry_add(
            student=settler.student,
            field_name=field_name,
            value=value,
            actor=settler.actor,
            incoming_student=settler.incoming_student,
        )
        settler.settlement.written.history_entries.append(field_name)

    return write
