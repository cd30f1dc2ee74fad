"""Turn register CSV rows into field values, one (model, values) pair per database row."""

from django.utils import timezone

from portal_backoffice.matching.identifiers import (
    is_temporary_upn,
    normalise_ni_number,
    normalise_postcode,
    normalise_upn,
    validate_nass_number,
    validate_ni_number,
    validate_upn,
)

from ..models import (
    Base,
    BaseType,
    Exclusion,
    FormerSurname,
    FormerUpn,
    LookedAfterPeriod,
    Person,
    SenEntry,
    Student,
    StudentAddress,
    StudentCarer,
)
from ..models.choices import ExclusionCategory, Gender, Ncy, SenProvision
from .files import LIST_SEPARATOR, Row

_NCY_VALUES = {choice.value for choice in Ncy}
_GENDERS = {"M", "F", "U"}
_SEN_PROVISIONS = {choice.value for choice in SenProvision}
_EXCLUSION_CATEGORIES = {choice.value for choice in ExclusionCategory}


class RowBuilder:
    """The check of each row against the register and the rows loaded before it.

    Student and person ids from the files become primary keys, so the
    builder rejects an id already in the database or earlier in the files.
    """

    def __init__(self) -> None:
        self.now = timezone.now()
        self.base_ids = {
            base.laestab: base.pk for base in Base.objects.exclude(establishment_number="")
        }
        # Ids already in the database or loaded earlier in this run.
        self.student_ids: set[int] = set(Student.objects.values_list("pk", flat=True))
        self.person_ids: set[int] = set(Person.objects.values_list("pk", flat=True))

    def build(self, file_stem: str, row: Row) -> list[tuple[type, dict]]:
        return getattr(self, "_" + file_stem)(row)

    def _bases(self, row: Row):
        laestab = row.required("laestab")
        if len(laestab) != 7 or not laestab.isdigit():
            raise row.error("laestab", f"{laestab!r} is not a DfE number of 7 digits")
        if laestab in self.base_ids:
            return []

        base_type = BaseType.objects.filter(name=row.required("base_type")).first()
        if base_type is None:
            names = ", ".join(BaseType.objects.values_list("name", flat=True))
            raise row.error(
                "base_type", f"{row.text('base_type')!r} is not a base type; use one of {names}"
            )
        # Bases are few and students refer to them by DfE number, so each is
        # created at once to learn its id.
        base = Base.objects.create(
            name=row.required("name"),
            base_type=base_type,
            la_code=laestab[:3],
            establishment_number=laestab[3:],
        )
        self.base_ids[laestab] = base.pk
        return []

    def _students(self, row: Row):
        student_id = self._new_id(row, "student_id", "student", self.student_ids)
        upn, former_upns = self._upns(row)
        student = {
            "id": student_id,
            "legal_forename": row.required("legal_forename"),
            "legal_surname": row.required("legal_surname"),
            "middle_names": row.text("middle_names"),
            "preferred_forename": row.text("preferred_forename"),
            "preferred_surname": row.text("preferred_surname"),
            "date_of_birth": row.date("date_of_birth"),
            "gender": row.code("gender", _GENDERS) or Gender.UNKNOWN.value,
            "upn": upn,
            "base": self._base_id(row),
            "ncy": row.code("ncy", _NCY_VALUES),
            "registration_group": row.text("registration_group"),
            "address_line_1": row.text("address_line_1"),
            "address_line_2": row.text("address_line_2"),
            "town": row.text("town"),
            "postcode": normalise_postcode(row.text("postcode")),
            "leaving_date": row.date("leaving_date"),
            "leaving_reason": row.text("leaving_reason"),
            "leaving_destination": row.text("leaving_destination"),
            "do_not_link": False,
            "created_at": self.now,
            "updated_at": self.now,
        }
        surnames = {name.strip() for name in row.text("former_surnames").split(LIST_SEPARATOR)}
        return [
            (Student, student),
            *((FormerUpn, {"student": student_id, "upn": value}) for value in former_upns),
            *(
                (FormerSurname, {"student": student_id, "surname": name})
                for name in sorted(surnames)
                if name
            ),
        ]

    def _people(self, row: Row):
        person_id = self._new_id(row, "person_id", "person", self.person_ids)
        ni_number = row.text("ni_number")
        if ni_number and validate_ni_number(ni_number):
            raise row.error("ni_number", "is not a valid National Insurance number")
        nass_number = row.text("nass_number")
        if nass_number and validate_nass_number(nass_number):
            raise row.error("nass_number", "is not a valid asylum support reference number")

        person = {
            "id": person_id,
            "title": row.text("title"),
            "forename": row.required("forename"),
            "middle_names": row.text("middle_names"),
            "surname": row.required("surname"),
            "date_of_birth": row.date("date_of_birth"),
            "gender": row.code("gender", _GENDERS) or Gender.UNKNOWN.value,
            "ni_number": normalise_ni_number(ni_number) if ni_number else None,
            "nass_number": nass_number,
            "address_line_1": row.text("address_line_1"),
            "address_line_2": row.text("address_line_2"),
            "town": row.text("town"),
            "postcode": normalise_postcode(row.text("postcode")),
            "phone": row.text("phone"),
            "email": row.text("email"),
            "created_at": self.now,
            "updated_at": self.now,
        }
        return [(Person, person)]

    def _student_carers(self, row: Row):
        link = {
            "student": self._known_id(row, "student_id", "student", self.student_ids),
            "person": self._known_id(row, "person_id", "person", self.person_ids),
            "relationship": row.text("relationship"),
            "parental_responsibility": row.boolean("parental_responsibility"),
            "priority": row.integer("priority") or 1,
        }
        return [(StudentCarer, link)]

    def _student_addresses(self, row: Row):
        address = {
            "student": self._known_id(row, "student_id", "student", self.student_ids),
            "address_line_1": row.required("address_line_1"),
            "address_line_2": row.text("address_line_2"),
            "town": row.text("town"),
            "postcode": normalise_postcode(row.text("postcode")),
            "uprn": None,
            "valid_from": row.date("valid_from"),
            "valid_to": row.date("valid_to"),
        }
        return [(StudentAddress, address)]

    def _sen(self, row: Row):
        entry = {
            "student": self._known_id(row, "student_id", "student", self.student_ids),
            "provision": row.code("provision", _SEN_PROVISIONS),
            "need_type": row.text("need_type").upper(),
            "start_date": row.date("start_date"),
            "end_date": row.date("end_date"),
        }
        return [(SenEntry, entry)]

    def _exclusions(self, row: Row):
        exclusion = {
            "student": self._known_id(row, "student_id", "student", self.student_ids),
            "category": row.code("category", _EXCLUSION_CATEGORIES),
            "start_date": row.required_date("start_date"),
            "end_date": row.date("end_date"),
            "reason": row.text("reason").upper(),
            "sessions": row.integer("sessions"),
        }
        return [(Exclusion, exclusion)]

    def _looked_after(self, row: Row):
        period = {
            "student": self._known_id(row, "student_id", "student", self.student_ids),
            "start_date": row.required_date("start_date"),
            "end_date": row.date("end_date"),
            "care_authority": row.text("care_authority"),
        }
        return [(LookedAfterPeriod, period)]

    def _upns(self, row: Row) -> tuple[str | None, list[str]]:
        """Return the permanent UPN and the former ones; a temporary UPN is kept as former."""
        upn = normalise_upn(row.text("upn")) or None
        former = [normalise_upn(value) for value in row.text("former_upns").split(LIST_SEPARATOR)]
        former = [value for value in former if value]
        for column, values in (("upn", [upn] if upn else []), ("former_upns", former)):
            for value in values:
                problem = validate_upn(value)
                if problem:
                    # A UPN identifies a child, so it stays out of the message.
                    raise row.error(column, f"is not a valid UPN. {problem}")

        if upn and is_temporary_upn(upn):
            return None, list(dict.fromkeys([upn, *former]))
        return upn, list(dict.fromkeys(former))

    def _base_id(self, row: Row) -> int | None:
        laestab = row.text("base_laestab")
        if not laestab:
            return None
        if laestab not in self.base_ids:
            raise row.error("base_laestab", f"base {laestab} is not in bases.csv or the register")
        return self.base_ids[laestab]

    def _new_id(self, row: Row, column: str, noun: str, seen: set[int]) -> int:
        record_id = row.integer(column)
        if record_id is None or record_id < 1:
            raise row.error(column, "is empty or 0; every row needs an id of 1 or more")
        if record_id in seen:
            raise row.error(column, f"{noun} {record_id} is already in the register")
        seen.add(record_id)
        return record_id

    def _known_id(self, row: Row, column: str, noun: str, loaded: set[int]) -> int:
        record_id = row.integer(column)
        if record_id is None:
            raise row.error(column, "is empty; every row needs an id")
        if record_id not in loaded:
            raise row.error(column, f"{noun} {record_id} is not in the register")
        return record_id
