"""The filters above the incoming students tables, read from the query string."""

from django import forms
from django.db.models import Q, QuerySet

from portal_backoffice.intake.models import IncomingStudent
from portal_backoffice.intake.models.choices import ConflictDecision, DataGroup, Module, Source
from portal_backoffice.register.models.choices import Ncy

ANY = [("", "Any")]


class IncomingStudentFilterForm(forms.Form):
    """A filter form that narrows a tab's students by name, base, file, source and module."""

    name = forms.CharField(label="Surname or forename", required=False, max_length=100, strip=True)
    base_name = forms.CharField(label="Base name", required=False, max_length=120, strip=True)
    file_id = forms.CharField(label="File ID", required=False, max_length=64, strip=True)
    source = forms.ChoiceField(choices=ANY + Source.choices, required=False)
    module = forms.ChoiceField(choices=ANY + Module.choices, required=False)
    possible_matches = forms.ChoiceField(
        choices=ANY + [("with", "With possible matches"), ("without", "Without possible matches")],
        required=False,
    )
    data_groups = forms.MultipleChoiceField(
        label="Data conflicts in",
        choices=DataGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    ncy = forms.ChoiceField(label="NCY", choices=ANY + Ncy.choices, required=False)
    registration_group = forms.CharField(
        label="Registration group", required=False, max_length=20, strip=True
    )

    def apply(self, students: QuerySet[IncomingStudent]) -> QuerySet[IncomingStudent]:
        """Return the students that match every filter set. An invalid form filters nothing."""
        if not self.is_valid():
            return students

        values = self.cleaned_data
        if values["name"]:
            students = students.filter(
                Q(surname__icontains=values["name"]) | Q(forename__icontains=values["name"])
            )
        if values["base_name"]:
            students = students.filter(incoming_file__base__name__icontains=values["base_name"])
        if values["file_id"]:
            students = students.filter(incoming_file__file_id__iexact=values["file_id"])
        if values["source"]:
            students = students.filter(incoming_file__source=values["source"])
        if values["module"]:
            students = students.filter(incoming_file__module=values["module"])
        if values["possible_matches"]:
            students = students.filter(has_possible_matches=values["possible_matches"] == "with")
        if values["data_groups"]:
            # A student with an open conflict in any one of the ticked groups.
            students = students.filter(
                conflicts__data_group__in=values["data_groups"],
                conflicts__decision=ConflictDecision.OPEN,
            ).distinct()
        if values["ncy"]:
            students = students.filter(ncy=values["ncy"])
        if values["registration_group"]:
            students = students.filter(registration_group__iexact=values["registration_group"])
        return students

    def is_filtering(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())
