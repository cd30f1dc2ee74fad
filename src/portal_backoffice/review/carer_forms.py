"""The Add New Person form, filled from an incoming carer and editable before Save."""

import datetime

from django import forms

from portal_backoffice.intake.models import IncomingCarer
from portal_backoffice.matching.identifiers import (
    format_ni_number,
    is_valid_ni_number,
    normalise_nass_number,
    normalise_ni_number,
    validate_nass_number,
    validate_ni_number,
)
from portal_backoffice.register.models import Person

# Form field -> Person field, for the fields copied as they are.
TEXT_FIELDS = (
    "title",
    "forename",
    "middle_names",
    "surname",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "phone",
    "email",
)


class PersonForm(forms.Form):
    """A new person from an incoming carer, with how they are linked to the student."""

    title = forms.CharField(required=False, max_length=20)
    forename = forms.CharField(
        max_length=100, error_messages={"required": "Enter the person's forename"}
    )
    middle_names = forms.CharField(required=False, max_length=200)
    surname = forms.CharField(
        max_length=100, error_messages={"required": "Enter the person's surname"}
    )
    date_of_birth_day = forms.CharField(required=False, max_length=2)
    date_of_birth_month = forms.CharField(required=False, max_length=2)
    date_of_birth_year = forms.CharField(required=False, max_length=4)
    ni_number = forms.CharField(
        label="NI number", required=False, max_length=13, help_text="For example, QQ 12 34 56 C"
    )
    nass_number = forms.CharField(
        label="NASS number",
        required=False,
        max_length=12,
        help_text="Asylum support reference, 9 or 10 digits",
    )
    address_line_1 = forms.CharField(label="Address line 1", required=False, max_length=120)
    address_line_2 = forms.CharField(label="Address line 2", required=False, max_length=120)
    town = forms.CharField(label="Town or city", required=False, max_length=60)
    postcode = forms.CharField(required=False, max_length=8)
    phone = forms.CharField(label="Phone number", required=False, max_length=30)
    email = forms.EmailField(
        label="Email address",
        required=False,
        max_length=254,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )
    relationship = forms.CharField(
        label="Relationship to the student",
        max_length=40,
        error_messages={"required": "Enter the relationship"},
    )
    parental_responsibility = forms.BooleanField(
        label="Has parental responsibility", required=False
    )

    @classmethod
    def from_incoming_carer(cls, carer: IncomingCarer) -> "PersonForm":
        initial = {name: getattr(carer, name) for name in TEXT_FIELDS}
        initial.update(
            ni_number=format_ni_number(carer.ni_number)
            if is_valid_ni_number(carer.ni_number or "")
            else carer.ni_number,
            nass_number=carer.nass_number,
            relationship=carer.relationship,
            parental_responsibility=carer.parental_responsibility,
        )
        if carer.date_of_birth:
            initial.update(
                date_of_birth_day=str(carer.date_of_birth.day),
                date_of_birth_month=str(carer.date_of_birth.month),
                date_of_birth_year=str(carer.date_of_birth.year),
            )
        return cls(initial=initial)

    def clean_ni_number(self) -> str:
        value = self.cleaned_data["ni_number"]
        if not value:
            return ""
        message = validate_ni_number(value)
        if message:
            raise forms.ValidationError(message)
        ni_number = normalise_ni_number(value)
        holder_id = Person.objects.filter(ni_number=ni_number).values_list("pk", flat=True).first()
        if holder_id is not None:
            raise forms.ValidationError(
                f"NI number {format_ni_number(ni_number)} already belongs to person {holder_id}"
            )
        return ni_number

    def clean_nass_number(self) -> str:
        value = normalise_nass_number(self.cleaned_data["nass_number"])
        if value:
            message = validate_nass_number(value)
            if message:
                raise forms.ValidationError(message)
        return value

    def clean(self):
        cleaned = super().clean()
        parts = [cleaned.get(f"date_of_birth_{part}", "") for part in ("day", "month", "year")]
        cleaned["date_of_birth"] = None
        if not any(parts):
            return cleaned
        try:
            day, month, year = (int(part) for part in parts)
            born = datetime.date(year, month, day)
        except ValueError:
            self.add_error("date_of_birth_day", "Date of birth must be a real date")
            return cleaned
        if born >= datetime.date.today():
            self.add_error("date_of_birth_day", "Date of birth must be in the past")
        elif year < 1900:
            self.add_error("date_of_birth_year", "Date of birth must be after 1900")
        else:
            cleaned["date_of_birth"] = born
        return cleaned

    def person_values(self) -> dict:
        values = {name: self.cleaned_data[name] for name in TEXT_FIELDS}
        values.update(
            date_of_birth=self.cleaned_data["date_of_birth"],
            ni_number=self.cleaned_data["ni_number"],
            nass_number=self.cleaned_data["nass_number"],
        )
        return values
