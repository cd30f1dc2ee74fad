from django.db import models


class Gender(models.TextChoices):
    MALE = "M", "Male"
    FEMALE = "F", "Female"
    UNKNOWN = "U", "Unknown"


class Ncy(models.TextChoices):
    """National Curriculum Year, as the DfE census codes it."""

    E1 = "E1", "E1"
    E2 = "E2", "E2"
    N1 = "N1", "N1"
    N2 = "N2", "N2"
    R = "R", "Reception"
    Y1 = "1", "Year 1"
    Y2 = "2", "Year 2"
    Y3 = "3", "Year 3"
    Y4 = "4", "Year 4"
    Y5 = "5", "Year 5"
    Y6 = "6", "Year 6"
    Y7 = "7", "Year 7"
    Y8 = "8", "Year 8"
    Y9 = "9", "Year 9"
    Y10 = "10", "Year 10"
    Y11 = "11", "Year 11"
    Y12 = "12", "Year 12"
    Y13 = "13", "Year 13"
    Y14 = "14", "Year 14"
    X = "X", "Not following a National Curriculum year"


class SenProvision(models.TextChoices):
    EHC_PLAN = "E", "EHC plan"
    SEN_SUPPORT = "K", "SEN support"
    NO_SEN = "N", "No SEN"


class ExclusionCategory(models.TextChoices):
    PERMANENT = "PERM", "Permanent exclusion"
    SUSPENSION = "FIXD", "Suspension"
    LUNCHTIME = "LNCH", "Lunchtime exclusion"


class ApplicationType(models.TextChoices):
    """The citizen portal's application types, each with its own portal base."""

    FSM = "FSM", "Free school meals"
    TWO_YEAR_OLD = "2YO", "Two-year-old funding"
    TRANSPORT = "TRANSPORT", "School transport"
