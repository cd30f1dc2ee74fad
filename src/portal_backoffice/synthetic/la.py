"""The synthetic LA: a seeded plan of households that are generated on demand.

Each household is generated from its own random stream, seeded by the LA's
seed and the household's index, so any household can be regenerated alone
and the whole register can be streamed without holding it in memory.
"""

import bisect
import itertools
import random
from array import array
from collections.abc import Iterator
from datetime import date

from .bases import BaseCatalogue, bases_generate
from .calendar import school_year_start
from .households import HouseholdPlan, household_generate
from .model import Household, SyntheticStudent

# A fixed date keeps a seed's output the same whatever day it is run.
DEFAULT_REFERENCE_DATE = date(2026, 10, 1)
_CHILDREN_PER_HOUSEHOLD = ([1, 2, 3, 4], [0.40, 0.38, 0.16, 0.06])
_TWO_CARER_SHARE = 0.72


class SyntheticLA:
    """A reproducible synthetic LA register of a given number of students."""

    def __init__(
        self, *, seed: int, students: int, reference_date: date = DEFAULT_REFERENCE_DATE
    ) -> None:
        if students < 1:
            raise ValueError(f"A synthetic LA needs at least 1 student, not {students}")
        self.seed = seed
        self.student_count = students
        self.reference_date = reference_date
        self.school_year = school_year_start(reference_date)

        master = random.Random(seed)  # noqa: S311 (reproducible test data, not secrets)
        self.bases: BaseCatalogue = bases_generate(master, students=students)
        children, carers = _household_sizes(master, students)
        self.household_count = len(children)
        # First student and person id of each household, and one past the last.
        self._student_starts = array("q", itertools.accumulate(children, initial=1))
        self._person_starts = array("q", itertools.accumulate(carers, initial=1))

    @property
    def person_count(self) -> int:
        return self._person_starts[-1] - 1

    def household_plan(self, index: int) -> HouseholdPlan:
        if not 0 <= index < self.household_count:
            raise IndexError(f"Household {index} is not in this LA")
        return HouseholdPlan(
            index=index,
            children=self._student_starts[index + 1] - self._student_starts[index],
            carers=self._person_starts[index + 1] - self._person_starts[index],
            first_student_id=self._student_starts[index],
            first_person_id=self._person_starts[index],
        )

    def household(self, index: int) -> Household:
        return self._generate(self.household_plan(index))

    def households(self, start: int = 0, stop: int | None = None) -> Iterator[Household]:
        stop = self.household_count if stop is None else min(stop, self.household_count)
        for index in range(start, stop):
            yield self.household(index)

    def household_index_of(self, student_id: int) -> int:
        if not 1 <= student_id <= self.student_count:
            raise IndexError(f"Student {student_id} is not in this LA")
        return bisect.bisect_right(self._student_starts, student_id) - 1

    def student(self, student_id: int) -> SyntheticStudent:
        household = self.household(self.household_index_of(student_id))
        return household.students[student_id - household.students[0].student_id]

    def unregistered_household(self, number: int, *, children: int = 1) -> Household:
        """Generate a family the register does not hold; its ids are above every register id.

        number picks one such family; the same number gives the same family.
        """
        plan = HouseholdPlan(
            index=self.household_count + number,
            children=children,
            carers=2 if number % 4 else 1,
            first_student_id=self.student_count + 1 + number * 8,
            first_person_id=self.person_count + 1 + number * 2,
        )
        return self._generate(plan)

    def _generate(self, plan: HouseholdPlan) -> Household:
        rng = random.Random((self.seed << 40) + plan.index)  # noqa: S311
        return household_generate(
            plan,
            rng=rng,
            bases=self.bases,
            school_year=self.school_year,
            reference_date=self.reference_date,
        )


def _household_sizes(rng: random.Random, students: int) -> tuple[array, array]:
    """Draw the number of children and carers of each household until the students run out."""
    sizes, weights = _CHILDREN_PER_HOUSEHOLD
    cumulative = list(itertools.accumulate(weights))
    children = array("B")
    carers = array("B")
    remaining = students
    while remaining > 0:
        count = min(rng.choices(sizes, cum_weights=cumulative)[0], remaining)
        children.append(count)
        carers.append(2 if rng.random() < _TWO_CARER_SHARE else 1)
        remaining -= count
    return children, carers
