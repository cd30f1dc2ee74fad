"""The bases and file dates chosen on the search page, carried in the query string.

The student tabs show only the students inside the scope. Every link between
the tabs, page numbers, sort headers and filters keeps the scope's
parameters, so the choice survives paging and tab changes.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils import timezone

from portal_backoffice.intake.models import IncomingStudent

ALL_BASES = "all"

# The query string parameters of a scope.
BASES_PARAMETER = "bases"
BASE_NAME_PARAMETER = "base_name_part"
BASE_TYPES_PARAMETER = "base_types"
CREATED_FROM_PARAMETER = "files_from"
CREATED_TO_PARAMETER = "files_to"
SCOPE_PARAMETERS = (
    BASES_PARAMETER,
    BASE_NAME_PARAMETER,
    BASE_TYPES_PARAMETER,
    CREATED_FROM_PARAMETER,
    CREATED_TO_PARAMETER,
)


@dataclass(frozen=True)
class StudentScope:
    """The incoming students the tabs show, chosen by their file's base and creation date.

    With all_bases, every base whose name contains base_name and whose type is
    one of base_type_ids (any type when empty) is in scope. Otherwise only
    base_ids are.
    """

    all_bases: bool = True
    base_ids: tuple[int, ...] = ()
    base_name: str = ""
    base_type_ids: tuple[int, ...] = ()
    created_from: datetime.date | None = None
    created_to: datetime.date | None = None

    @classmethod
    def from_query(cls, query: QueryDict) -> "StudentScope":
        """Read a scope from the query string, ignoring values a page could not have sent."""
        bases = query.getlist(BASES_PARAMETER)
        base_ids = _whole_numbers(bases)
        return cls(
            all_bases=ALL_BASES in bases or not base_ids,
            base_ids=base_ids,
            base_name=query.get(BASE_NAME_PARAMETER, "").strip()[:120],
            base_type_ids=_whole_numbers(query.getlist(BASE_TYPES_PARAMETER)),
            created_from=_iso_date(query.get(CREATED_FROM_PARAMETER, "")),
            created_to=_iso_date(query.get(CREATED_TO_PARAMETER, "")),
        )

    @property
    def is_limited(self) -> bool:
        """Whether the scope leaves out any outstanding student."""
        return bool(
            not self.all_bases
            or self.base_name
            or self.base_type_ids
            or self.created_from
            or self.created_to
        )

    def apply(self, students: QuerySet[IncomingStudent]) -> QuerySet[IncomingStudent]:
        return students.filter(self.condition("incoming_file__"))

    def condition(self, file_path: str) -> Q:
        """Return the filter on incoming files, reached from the queried model through file_path.

        file_path is "" to filter IncomingFile itself, "incoming_file__" for IncomingStudent.
        """
        condition = Q()
        if not self.all_bases:
            condition &= Q(**{f"{file_path}base_id__in": self.base_ids})
        else:
            if self.base_name:
                condition &= Q(**{f"{file_path}base__name__icontains": self.base_name})
            if self.base_type_ids:
                condition &= Q(**{f"{file_path}base__base_type_id__in": self.base_type_ids})
        if self.created_from:
            condition &= Q(**{f"{file_path}created_at__gte": start_of_day(self.created_from)})
        if self.created_to:
            next_day = self.created_to + datetime.timedelta(days=1)
            condition &= Q(**{f"{file_path}created_at__lt": start_of_day(next_day)})
        return condition

    def query(self) -> QueryDict:
        """Return the scope's query string parameters, empty for the unlimited scope."""
        query = QueryDict(mutable=True)
        if not self.is_limited:
            return query
        if self.all_bases:
            query[BASES_PARAMETER] = ALL_BASES
            if self.base_name:
                query[BASE_NAME_PARAMETER] = self.base_name
            if self.base_type_ids:
                query.setlist(BASE_TYPES_PARAMETER, [str(pk) for pk in self.base_type_ids])
        else:
            query.setlist(BASES_PARAMETER, [str(pk) for pk in self.base_ids])
        if self.created_from:
            query[CREATED_FROM_PARAMETER] = self.created_from.isoformat()
        if self.created_to:
            query[CREATED_TO_PARAMETER] = self.created_to.isoformat()
        return query

    def query_string(self) -> str:
        return self.query().urlencode()


def start_of_day(day: datetime.date) -> datetime.datetime:
    """Return midnight at the start of the day, in the service's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _whole_numbers(values: list[str]) -> tuple[int, ...]:
    return tuple(dict.fromkeys(int(value) for value in values if value.isdigit()))


def _iso_date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None
