from .bases import Base, BaseType
from .history import ValueChange
from .people import Person, StudentCarer
from .students import (
    Exclusion,
    FormerSurname,
    FormerUpn,
    LookedAfterPeriod,
    SenEntry,
    Student,
    StudentAddress,
)

__all__ = [
    "Base",
    "BaseType",
    "Exclusion",
    "FormerSurname",
    "FormerUpn",
    "LookedAfterPeriod",
    "Person",
    "SenEntry",
    "Student",
    "StudentAddress",
    "StudentCarer",
    "ValueChange",
]
