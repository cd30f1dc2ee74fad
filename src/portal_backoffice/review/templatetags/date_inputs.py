"""The template filter that splits a bound DateInputField into its three GOV.UK boxes."""

from dataclasses import dataclass

from django import template
from django.forms import BoundField

register = template.Library()

PART_NAMES = ("day", "month", "year")


@dataclass(frozen=True)
class DatePart:
    name: str
    html_name: str
    value: str


@register.filter
def date_parts(field: BoundField) -> list[DatePart]:
    """Return the day, month and year boxes, with what the user typed or the initial date."""
    widget = field.field.widget
    value = field.value()
    if not isinstance(value, (list, tuple)):
        value = widget.decompress(value)
    return [
        DatePart(name=part, html_name=f"{field.html_name}_{part}", value=part_value or "")
        for part, part_value in zip(PART_NAMES, value, strict=False)
    ]
