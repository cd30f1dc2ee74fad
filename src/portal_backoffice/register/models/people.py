from django.db import models

from .choices import Gender
from .students import Student


class Person(models.Model):
    """An adult in the LA register, linked to students as a carer."""

    title = models.CharField(max_length=20, blank=True)
    forename = models.CharField(max_length=100)
    middle_names = models.CharField(max_length=200, blank=True)
    surname = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    gender = models.CharField(max_length=1, choices=Gender.choices, default=Gender.UNKNOWN)
    # Stored upper case without spaces, as identifiers.normalise_ni_number gives it.
    ni_number = models.CharField("NI number", max_length=9, blank=True, null=True, unique=True)
    nass_number = models.CharField("NASS number", max_length=10, blank=True)
    address_line_1 = models.CharField(max_length=120, blank=True)
    address_line_2 = models.CharField(max_length=120, blank=True)
    town = models.CharField(max_length=60, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "people"
        indexes = [
            models.Index(fields=["surname", "forename"]),
            # Carer matching looks people up by postcode and surname in any case,
            # which the surname index cannot serve.
            models.Index(fields=["postcode"], name="person_postcode"),
        ]

    def __str__(self):
        return f"Person {self.pk}"

    @property
    def display_name(self) -> str:
        return " ".join(part for part in (self.title, self.forename, self.surname) if part)


class StudentCarer(models.Model):
    """The link between a student and a person who cares for them."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="carer_links")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="student_links")
    relationship = models.CharField(max_length=40, blank=True)
    parental_responsibility = models.BooleanField(default=False)
    # 1 is the first contact.
    priority = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["priority"]
        constraints = [
            models.UniqueConstraint(fields=["student", "person"], name="student_carer_once")
        ]
