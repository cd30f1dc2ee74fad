from django.db import models

from portal_backoffice.register.models import Person, Student
from portal_backoffice.register.models.choices import Gender

from .choices import MatchMethod, State
from .files import IncomingFile


class IncomingStudent(models.Model):
    """One child in an incoming file, as submitted, with its state."""

    incoming_file = models.ForeignKey(
        IncomingFile, on_delete=models.PROTECT, related_name="students"
    )
    # 1-based position of the child in its file, used in messages.
    record_number = models.PositiveIntegerField()
    state = models.CharField(max_length=24, choices=State.choices, db_index=True)
    # Incremented on every change of state, so that a second officer saving
    # over a stale page is detected.
    version = models.PositiveIntegerField(default=1)

    forename = models.CharField(max_length=100, blank=True)
    middle_names = models.CharField(max_length=200, blank=True)
    surname = models.CharField(max_length=100, blank=True)
    preferred_forename = models.CharField(max_length=100, blank=True)
    preferred_surname = models.CharField(max_length=100, blank=True)
    former_surname = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    gender = models.CharField(max_length=1, choices=Gender.choices, blank=True)
    upn = models.CharField("UPN", max_length=13, blank=True)
    address_line_1 = models.CharField(max_length=120, blank=True)
    address_line_2 = models.CharField(max_length=120, blank=True)
    town = models.CharField(max_length=60, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    ncy = models.CharField("NCY", max_length=2, blank=True)
    registration_group = models.CharField(max_length=20, blank=True)
    # Data groups beyond names, address and identifiers, as submitted:
    # {"sen": [...], "exclusions": [...], "looked_after": [...], "leaver": {...}}.
    extra_data = models.JSONField(default=dict, blank=True)
    module_data = models.JSONField(default=dict, blank=True)
    # The record exactly as it appeared in the file.
    raw_record = models.JSONField(default=dict)
    # [{"field": "upn", "message": "..."}] for an invalid record.
    errors = models.JSONField(default=list, blank=True)

    matched_student = models.ForeignKey(
        Student, on_delete=models.PROTECT, null=True, blank=True, related_name="incoming_students"
    )
    match_method = models.CharField(max_length=12, choices=MatchMethod.choices, blank=True)
    match_probability = models.FloatField(null=True, blank=True)
    has_possible_matches = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["incoming_file_id", "record_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["incoming_file", "record_number"], name="incoming_record_once"
            )
        ]
        indexes = [
            models.Index(fields=["state", "surname", "forename"]),
            models.Index(fields=["incoming_file", "state"]),
            # The student tabs sort one state's students by date of birth.
            models.Index(fields=["state", "date_of_birth"]),
        ]

    def __str__(self):
        return f"Incoming student {self.pk}"

    @property
    def display_name(self) -> str:
        return f"{self.forename} {self.surname}".strip()


class IncomingCarer(models.Model):
    """A carer submitted with an incoming student."""

    incoming_student = models.ForeignKey(
        IncomingStudent, on_delete=models.CASCADE, related_name="carers"
    )
    title = models.CharField(max_length=20, blank=True)
    forename = models.CharField(max_length=100, blank=True)
    middle_names = models.CharField(max_length=200, blank=True)
    surname = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    gender = models.CharField(max_length=1, choices=Gender.choices, blank=True)
    ni_number = models.CharField("NI number", max_length=9, blank=True)
    nass_number = models.CharField("NASS number", max_length=10, blank=True)
    address_line_1 = models.CharField(max_length=120, blank=True)
    address_line_2 = models.CharField(max_length=120, blank=True)
    town = models.CharField(max_length=60, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    email = models.CharField(max_length=254, blank=True)
    relationship = models.CharField(max_length=40, blank=True)
    parental_responsibility = models.BooleanField(default=False)
    priority = models.PositiveSmallIntegerField(default=1)
    matched_person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="incoming_carers"
    )

    class Meta:
        ordering = ["priority", "pk"]

    @property
    def display_name(self) -> str:
        return f"{self.forename} {self.surname}".strip()
