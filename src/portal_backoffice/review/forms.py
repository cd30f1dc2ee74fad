from django import forms
from django.http import QueryDict


def selected_incoming_student_ids(data: QueryDict) -> list[int]:
    """Return the ids of the rows ticked in an incoming students table, without repeats.

    Values that are not whole numbers cannot come from the page's checkboxes
    and are dropped.
    """
    ids = [int(value) for value in data.getlist("incoming_student_ids") if value.isdigit()]
    return list(dict.fromkeys(ids))


class SelectForm(forms.Form):
    """The Select button on the Possible Matches page."""

    student_id = forms.IntegerField(min_value=1)
    # The incoming student's version when the page was opened.
    version = forms.IntegerField(min_value=1)
