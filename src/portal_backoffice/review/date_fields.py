"""The GOV.UK date input as a Django form field: day, month and year in three boxes."""

import datetime

from django import forms


class DateInputWidget(forms.MultiWidget):
    """Three text boxes named NAME_day, NAME_month and NAME_year."""

    def __init__(self):
        widgets = {
            "day": forms.TextInput(attrs={"inputmode": "numeric"}),
            "month": forms.TextInput(attrs={"inputmode": "numeric"}),
            "year": forms.TextInput(attrs={"inputmode": "numeric"}),
        }
        super().__init__(widgets)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]


class DateInputField(forms.MultiValueField):
    """A date from the GOV.UK date input, with GOV.UK's error messages.

    Leaving all three boxes empty gives None unless the field is required.
    The label starts each error message, as in "Date of birth must be a real date".
    """

    widget = DateInputWidget

    def __init__(self, *, label: str, required: bool = False, **kwargs):
        parts = (
            forms.CharField(max_length=2, required=False),
            forms.CharField(max_length=2, required=False),
            forms.CharField(max_length=4, required=False),
        )
        super().__init__(parts, label=label, required=False, require_all_fields=False, **kwargs)
        self.date_required = required

    def compress(self, data_list):
        day, month, year = (part.strip() if part else "" for part in (data_list or ["", "", ""]))
        if not (day or month or year):
            if self.date_required:
                raise forms.ValidationError(f"Enter {self.label.lower()}")
            return None

        missing = [
            name for name, part in (("day", day), ("month", month), ("year", year)) if not part
        ]
        if missing:
            raise forms.ValidationError(f"{self.label} must include a {' and a '.join(missing)}")
        if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(year) != 4:
            raise forms.ValidationError(f"{self.label} must be a real date")
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(f"{self.label} must be a real date") from None
