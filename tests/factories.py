"""Model factories for tests, with invented people only.

Every test folder shares this module. It keeps one factory per model, with
defaults that make a valid row, so a test sets what it depends on itself.
"""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from portal_backoffice.intake.models import (
    DataConflict,
    IncomingCarer,
    IncomingFile,
    IncomingStudent,
    PossibleMatch,
)
from portal_backoffice.intake.models.choices import DataGroup, Module, Source, State
from portal_backoffice.register.models import Base, BaseType, Person, Student, StudentCarer
from portal_backoffice.register.models.choices import Gender

TEST_PASSWORD = "correct-horse-battery-staple-2026"


class UserFactory(factory.django.DjangoModelFactory):
    """A user who can sign in with TEST_PASSWORD."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"officer{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(user, create, extracted, **kwargs):
        if create:
            user.save()


class BaseTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BaseType
        django_get_or_create = ("name",)

    name = "Primary"


class BaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Base

    name = factory.Sequence(lambda n: f"Larkspur Lane Primary {n}")
    base_type = factory.SubFactory(BaseTypeFactory)
    la_code = "999"
    establishment_number = factory.Sequence(lambda n: f"{2000 + n:04d}")


class StudentFactory(factory.django.DjangoModelFactory):
    """An LA register student without a UPN."""

    class Meta:
        model = Student

    legal_forename = "Ottilie"
    legal_surname = factory.Sequence(lambda n: f"Quenby{n}")
    date_of_birth = datetime.date(2018, 9, 9)
    gender = Gender.FEMALE
    base = factory.SubFactory(BaseFactory)
    ncy = "2"
    address_line_1 = "14 Thistledown Row"
    town = "Marrowby"
    postcode = "ZZ1 4AB"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    title = "Ms"
    forename = "Wilhelmina"
    surname = factory.Sequence(lambda n: f"Quenby{n}")
    date_of_birth = datetime.date(1988, 3, 14)
    gender = Gender.FEMALE
    address_line_1 = "14 Thistledown Row"
    town = "Marrowby"
    postcode = "ZZ1 4AB"


class IncomingFileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IncomingFile

    file_id = factory.Sequence(lambda n: f"TEST-FILE-{n:05d}")
    source = Source.PROVIDER_PORTAL
    module = Module.HEADCOUNT
    base = factory.SubFactory(BaseFactory)
    created_at = factory.LazyFunction(timezone.now)
    file_format = IncomingFile.Format.JSON
    original_name = factory.LazyAttribute(lambda incoming_file: f"{incoming_file.file_id}.json")
    raw_content = b"{}"
    sha256 = "0" * 64


class IncomingStudentFactory(factory.django.DjangoModelFactory):
    """An unmatched incoming student unless the test sets another state."""

    class Meta:
        model = IncomingStudent

    incoming_file = factory.SubFactory(IncomingFileFactory)
    record_number = factory.Sequence(lambda n: n + 1)
    state = State.UNMATCHED
    forename = "Ottilie"
    surname = factory.Sequence(lambda n: f"Quenby{n}")
    date_of_birth = datetime.date(2018, 9, 9)
    gender = Gender.FEMALE
    address_line_1 = "14 Thistledown Row"
    town = "Marrowby"
    postcode = "ZZ1 4AB"
    ncy = "2"
    raw_record = factory.LazyAttribute(
        lambda incoming: {"forename": incoming.forename, "surname": incoming.surname}
    )


class IncomingCarerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IncomingCarer

    incoming_student = factory.SubFactory(IncomingStudentFactory)
    title = "Ms"
    forename = "Wilhelmina"
    surname = factory.LazyAttribute(lambda carer: carer.incoming_student.surname)
    date_of_birth = datetime.date(1988, 3, 14)
    relationship = "Mother"
    parental_responsibility = True


class PossibleMatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PossibleMatch

    incoming_student = factory.SubFactory(IncomingStudentFactory, has_possible_matches=True)
    student = factory.SubFactory(StudentFactory)
    rank = 1
    match_probability = 0.93
    match_weight = 3.8
    model_version = "test-1"
    explanation = factory.LazyFunction(
        lambda: [
            {
                "field": "date_of_birth",
                "level": "exact",
                "match_weight": 6.1,
                "reason": "Date of birth is the same",
            },
            {
                "field": "surname",
                "level": "exact",
                "match_weight": 4.2,
                "reason": "Surname is the same",
            },
        ]
    )


class DataConflictFactory(factory.django.DjangoModelFactory):
    """An open conflict on the incoming student's address line."""

    class Meta:
        model = DataConflict

    incoming_student = factory.SubFactory(
        IncomingStudentFactory, state=State.MATCHED_WITH_CONFLICTS
    )
    data_group = DataGroup.ADDRESS
    field = "address_line_1"
    la_value = "14 Thistledown Row"
    incoming_value = "3 Bramblegate Court"


class StudentCarerFactory(factory.django.DjangoModelFactory):
    """A person linked to a student as their mother, with parental responsibility."""

    class Meta:
        model = StudentCarer

    student = factory.SubFactory(StudentFactory)
    person = factory.SubFactory(PersonFactory)
    relationship = "Mother"
    parental_responsibility = True
