"""The forms of the Manage Incoming Student Files tab: filters, selection and export."""

import datetime
import re

from django import forms
from django.db.models import Q
from django.http import QueryDict

from .date_fields import DateInputField
from .scope import start_of_day

# Letters, digits, spaces, hyphens and underscores: valid in file names on
# Windows, macOS and Linux, and never in need of escaping in a Content-Disposition header.
FILE_NAME_PATTERN = re.compile(r"^[A-Za-z0-9 _-]+$")


class IncomingFileFilterForm(forms.Form):
    """Narrows the files tab by file ID, creation and import dates, and base name."""

    file_id = forms.CharField(label="File ID", required=False, max_length=64, strip=True)
    base_name = forms.CharField(label="Base name", required=False, max_length=120, strip=True)
    created_from = DateInputField(label="Created from")
    created_to = DateInputField(label="Created to")
    imported_from = DateInputField(label="Imported from")
    imported_to = DateInputField(label="Imported to")

    def clean(self):
        values = super().clean()
        for start, end, words in (
            ("created_from", "created_to", "Created to"),
            ("imported_from", "imported_to", "Imported to"),
        ):
            if values.get(start) and values.get(end) and values[end] < values[start]:
                self.add_error(end, f"{words} must be the same as or after the from date")
        return values

    def condition(self) -> Q:
        """Return the filter on IncomingFile. An invalid form filters nothing."""
        if not self.is_valid():
            return Q()
        values = self.cleaned_data
        condition = Q()
        if values["file_id"]:
            condition &= Q(file_id__icontains=values["file_id"])
        if values["base_name"]:
            condition &= Q(base__name__icontains=values["base_name"])
        condition &= _day_range("created_at", values["created_from"], values["created_to"])
        condition &= _day_range("imported_at", values["imported_from"], values["imported_to"])
        return condition

    def is_filtering(self) -> bool:
        return self.is_valid() and any(value for value in self.cleaned_data.values())


def _day_range(field: str, first: datetime.date | None, last: datetime.date | None) -> Q:
    """Return the moments from the first day's start to the last day's end; either may be None."""
    condition = Q()
    if first:
        condition &= Q(**{f"{field}__gte": start_of_day(first)})
    if last:
        condition &= Q(**{f"{field}__lt": start_of_day(last + datetime.timedelta(days=1))})
    return condition


class ExportForm(forms.Form):
    """The export's content, format and file name."""

    CONTENT_CHOICES = [
        ("files", "The list of files"),
        ("students", "The outstanding students of the selected files"),
    ]
    FORMAT_CHOICES = [
        ("csv", "CSV (.csv)"),
        ("xlsx", "Excel (.xlsx)"),
        ("xls", "Excel 97-2003 (.xls)"),
        ("htm", "Web page (.htm)"),
    ]

    content = forms.ChoiceField(
        label="What to export",
        choices=CONTENT_CHOICES,
        error_messages={
            "required": "Select what to export",
            "invalid_choice": "Select what to export",
        },
    )
    file_format = forms.ChoiceField(
        label="Format",
        choices=FORMAT_CHOICES,
        error_messages={"required": "Select a format", "invalid_choice": "Select a format"},
    )
    file_name = forms.CharField(
        label="File name",
        max_length=100,
        strip=True,
        help_text=(
            "Letters, numbers, spaces, hyphens and underscores. The extension is added for you."
        ),
        error_messages={
            "required": "Enter a file name",
            "max_length": "File name must be 100 characters or fewer",
        },
    )

    def clean_file_name(self) -> str:
        name = self.cleaned_data["file_name"]
        if not FILE_NAME_PATTERN.match(name):
            raise forms.ValidationError(
                "File name must only include letters, numbers, spaces, hyphens and underscores"
            )
        return name

    def download_name(self) -> str:
        return f"{self.cleaned_data['file_name']}.{self.cleaned_data['file_format']}"


def selected_incoming_file_ids(data: QueryDict) -> list[int]:
    """Return the ids of the files ticked on the files tab, without repeats or non-numbers."""
    ids = [int(value) for value in data.getlist("incoming_file_ids") if value.isdigit()]
    return list(dict.fromkeys(ids))
