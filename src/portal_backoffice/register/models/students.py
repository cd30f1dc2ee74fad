from django.db import models

from .bases import Base
from .choices import ExclusionCategory, Gender, Ncy, SenProvision


class Student(models.Model):
    """A child in the LA register."""

    legal_forename = models.CharField(max_length=100)
    legal_surname = models.CharField(max_length=100)
    middle_names = models.CharField(max_length=200, blank=True)
    preferred_forename = models.CharField(max_length=100, blank=True)
    preferred_surname = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    gender = models.CharField(max_length=1, choices=Gender.choices, default=Gender.UNKNOWN)
    # Only a permanent UPN goes here; a temporary one is kept as a former UPN.
    upn = models.CharField("UPN", max_length=13, blank=True, null=True, unique=True)
    base = models.ForeignKey(
        Base, on_delete=models.PROTECT, null=True, blank=True, related_name="students"
    )
    ncy = models.CharField("NCY", max_length=2, choices=Ncy.choices, blank=True)
    registration_group = models.CharField(max_length=20, blank=True)

    # Current address; earlier ones are in StudentAddress.
    address_line_1 = models.CharField(max_length=120, blank=True)
    address_line_2 = models.CharField(max_length=120, blank=True)
    town = models.CharField(max_length=60, blank=True)
    postcode = models.CharField(max_length=8, blank=True)

    leaving_date = models.DateField(null=True, blank=True)
    leaving_reason = models.CharField(max_length=120, blank=True)
    leaving_destination = models.CharField(max_length=120, blank=True)

    # Set on adoption-sealed and closed records: the matcher never offers them.
    do_not_link = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        indexes = [
            models.Index(fields=["legal_surname", "legal_forename"]),
            models.Index(fields=["date_of_birth"]),
            models.Index(fields=["postcode"]),
        ]

    def __str__(self):
        return f"Student {self.pk}"

    @property
    def display_name(self) -> str:
        return f"{self.legal_forename} {self.legal_surname}"


class FormerSurname(models.Model):
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="former_surnames")
    surname = models.CharField(max_length=100)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["student", "surname"], name="former_surname_once")
        ]


class FormerUpn(models.Model):
    """A UPN the student once had: a replaced permanent one or a temporary one."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="former_upns")
    upn = models.CharField("UPN", max_length=13, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["student", "upn"], name="former_upn_once")]


class StudentAddress(models.Model):
    """One address in a student's history, current when valid_to is empty."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="addresses")
    address_line_1 = models.CharField(max_length=120)
    address_line_2 = models.CharField(max_length=120, blank=True)
    town = models.CharField(max_length=60, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    uprn = models.BigIntegerField("UPRN", null=True, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-valid_from"]


class SenEntry(models.Model):
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="sen_history")
    provision = models.CharField(max_length=1, choices=SenProvision.choices)
    need_type = models.CharField(max_length=4, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-start_date"]
        verbose_name_plural = "SEN entries"


class Exclusion(models.Model):
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="exclusions")
    category = models.CharField(max_length=4, choices=ExclusionCategory.choices)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=2, blank=True)
    sessions = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-start_date"]


class LookedAfterPeriod(models.Model):
    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="looked_after")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    # The responsible LA's 3-digit code.
    care_authority = models.CharField(max_length=3, blank=True)

    class Meta:
        ordering = ["-start_date"]
