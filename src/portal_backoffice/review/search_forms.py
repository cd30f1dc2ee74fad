"""The forms of the Incoming Students search page and of the register search on Possible Matches."""

from django import forms
from django.utils import timezone

from portal_backoffice.matching.identifiers import (
    normalise_postcode,
    normalise_upn,
    validate_postcode,
    validate_upn,
)
from portal_backoffice.register.models import BaseType
from portal_backoffice.register.models.choices import Gender

from .date_fields import DateInputField
from .scope import StudentScope


class IncomingStudentSearchForm(forms.Form):
    """File dates, part of a base name and base types: which bases have students to review."""

    created_from = DateInputField(
        label="Files created from", help_text="The date the portal created the file, like 27 3 2026"
    )
    created_to = DateInputField(label="Files created to", help_text="For example, 31 3 2026")
    base_name = forms.CharField(
        label="Part of a base name", required=False, max_length=120, strip=True
    )
    base_types = forms.ModelMultipleChoiceField(
        label="Base types",
        queryset=BaseType.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked to search every base type.",
    )

    def clean(self):
        values = super().clean()
        created_from, created_to = values.get("created_from"), values.get("created_to")
        if created_from and created_to and created_to < created_from:
            self.add_error(
                "created_to", "Files created to must be the same as or after the from date"
            )
        return values

    def scope(self) -> StudentScope:
        """Return the scope of every base the search finds. Call only on a valid form."""
        values = self.cleaned_data
        return StudentScope(
            all_bases=True,
            base_name=values["base_name"],
            base_type_ids=tuple(base_type.pk for base_type in values["base_types"]),
            created_from=values["created_from"],
            created_to=values["created_to"],
        )


class RegisterSearchForm(forms.Form):
    """The search parameters on Possible Matches, run against the whole register."""

    surname = forms.CharField(label="Surname", required=False, max_length=100, strip=True)
    forename = forms.CharField(label="Forename", required=False, max_length=100, strip=True)
    date_of_birth = DateInputField(label="Date of birth", help_text="For example, 9 9 2018")
    gender = forms.ChoiceField(
        label="Gender", required=False, choices=[("", "Any")] + Gender.choices
    )
    postcode = forms.CharField(label="Postcode", required=False, max_length=10, strip=True)
    upn = forms.CharField(label="UPN", required=False, max_length=16, strip=True)

    def clean_postcode(self) -> str:
        postcode = self.cleaned_data["postcode"]
        if not postcode:
            return ""
        problem = validate_postcode(postcode)
        if problem:
            raise forms.ValidationError(problem)
        return normalise_postcode(postcode)

    def clean_upn(self) -> str:
        upn = self.cleaned_data["upn"]
        if not upn:
            return ""
        problem = validate_upn(upn)
        if problem:
            raise forms.ValidationError(problem)
        return normalise_upn(upn)

    def clean_date_of_birth(self):
        date_of_birth = self.cleaned_data["date_of_birth"]
        if date_of_birth and date_of_birth > timezone.localdate():
            raise forms.ValidationError("Date of birth must be in the past")
        return date_of_birth

    def clean(self):
        values = super().clean()
        if not self.errors and not any(values.values()):
            raise forms.ValidationError("Enter at least one search term", code="empty")
        return values
