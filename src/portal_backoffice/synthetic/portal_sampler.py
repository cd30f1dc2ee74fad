"""Draw the children of a portal batch: held ones from the register and new ones beside it."""

import random
from dataclasses import dataclass

from .calendar import age_on_31_august, birth_date_for_age, ncy_for_age
from .errors import INVALIDATING_ERRORS, MATCHABLE_ERRORS
from .identifiers import permanent_upn
from .la import SyntheticLA
from .model import Household, SyntheticStudent
from .names import ORIGINS, NameOrigin
from .portal_types import ModulePlan, Slot
from .sampling import WeightedChoice
from .students import twin_forename
from .submissions import child_record

_ORIGINS_BY_NAME = {origin.name: origin for origin in ORIGINS}
_ERROR_CHOICE = WeightedChoice(
    list(MATCHABLE_ERRORS), [weight for _, weight in MATCHABLE_ERRORS.values()]
)
_MAX_DRAWS = 5_000


@dataclass(frozen=True, slots=True)
class ErrorContext:
    """Inputs an error function needs beyond the record itself."""

    origin: NameOrigin
    household: Household
    double_surname: bool
    spare_upn: str


class Sampler:
    """Draws children that fit a module, never the same register student twice."""

    def __init__(self, la: SyntheticLA, rng: random.Random) -> None:
        self.la = la
        self.rng = rng
        self.used: set[int] = set()
        self.base_types = {base.laestab: base.base_type for base in la.bases.all()}

    def held_child(self, plan: ModulePlan) -> Slot:
        student, household = self._draw(plan)
        self.used.add(student.student_id)
        record = self._record(student, household, plan)
        base = self._base_for(plan, student)
        slot = Slot(plan, base, record, household, student.student_id, "held")
        slot.dangers = _household_dangers(household, student)
        return slot

    def new_child(self, plan: ModulePlan, kind: str, number: int) -> Slot:
        """Draw a child the register does not hold: unrelated, or a new twin or sibling."""
        if kind == "new_twin":
            held, household = self._draw(plan)
        elif kind == "new_sibling":
            household = self.la.household(self.rng.randrange(self.la.household_count))
            held = household.students[0]
        else:
            household = self.la.unregistered_household(number)
            held = household.students[0]

        record = self._record(held, household, plan)
        origin = _ORIGINS_BY_NAME[household.origin]
        gender = self.rng.choice("MF")
        record.update(gender=gender, upn="", middle_names="")
        record.pop("sen", None)
        if kind == "new_twin":
            siblings = [student.legal_forename for student in household.students]
            record["forename"] = twin_forename(
                self.rng, origin, gender, held.legal_forename, siblings
            )
        else:
            choose = origin.girls if gender == "F" else origin.boys
            record["forename"] = choose(self.rng)
            born = self._birth_date(plan, household)
            record["date_of_birth"] = born.isoformat()
            if "ncy" in record:
                record["ncy"] = ncy_for_age(age_on_31_august(born, self.la.school_year))
                record["registration_group"] = ""

        base = self._base_for(plan, held) if kind == "new_twin" else self._any_base(plan)
        slot = Slot(plan, base, record, household, None, kind)
        if kind != "new_unrelated":
            twin = held if kind == "new_twin" else None
            slot.dangers = _household_dangers(household, None, twin_of=twin)
        return slot

    def error_context(self, slot: Slot) -> ErrorContext:
        household = slot.household
        surname = slot.record["surname"]
        return ErrorContext(
            origin=_ORIGINS_BY_NAME[household.origin],
            household=household,
            double_surname=" " in surname or "-" in surname,
            spare_upn=permanent_upn(self.la.student_count + 5_000_000, entry_year=2020),
        )

    def _draw(self, plan: ModulePlan) -> tuple[SyntheticStudent, Household]:
        # Each draw looks at every child of a random household, which favours
        # big households slightly but needs half as many households generated.
        for _ in range(_MAX_DRAWS):
            student_id = self.rng.randint(1, self.la.student_count)
            household = self.la.household(self.la.household_index_of(student_id))
            for student in household.students:
                if student.student_id not in self.used and self._fits(plan, student):
                    return student, household
        raise RuntimeError(
            f"No student fits module {plan.module} from {plan.source} after {_MAX_DRAWS} draws; "
            "generate a bigger register"
        )

    def _fits(self, plan: ModulePlan, student: SyntheticStudent) -> bool:
        age = age_on_31_august(student.date_of_birth, self.la.school_year)
        if age not in plan.ages or student.leaving_date is not None:
            return False
        if plan.student_base_types is None:
            return True
        return self.base_types.get(student.base_laestab) in plan.student_base_types

    def _record(self, student, household, plan: ModulePlan) -> dict:
        record, _ = child_record(
            self.rng,
            student,
            household,
            source=plan.source,
            module=plan.module,
            reference_date=self.la.reference_date,
        )
        return record

    def _base_for(self, plan: ModulePlan, student: SyntheticStudent) -> str:
        return student.base_laestab if plan.provider_base_types else ""

    def _any_base(self, plan: ModulePlan) -> str:
        if not plan.provider_base_types:
            return ""
        base_type = self.rng.choice(plan.provider_base_types)
        return self.la.bases.pick(base_type, self.rng.randrange(10_000)).laestab

    def _birth_date(self, plan: ModulePlan, household: Household):
        taken = {student.date_of_birth for student in household.students}
        for _ in range(50):
            born = birth_date_for_age(self.rng, self.rng.choice(plan.ages), self.la.school_year)
            if all(abs((born - other).days) > 280 for other in taken):
                return born
        return born


def errors_apply(
    rng: random.Random, slot: Slot, context: ErrorContext, *, invalid_share: float
) -> None:
    """Give a child none, one or two matchable errors, and sometimes an invalid value."""
    draw = rng.random()
    error_count = 2
    if draw < 0.88:
        error_count = 1
    if draw < 0.5:
        error_count = 0
    for _ in range(20):
        if len(slot.errors) >= error_count:
            break
        kind = _ERROR_CHOICE(rng)
        if kind in slot.errors:
            continue
        if MATCHABLE_ERRORS[kind][0](rng, slot.record, context):
            slot.errors.append(kind)
            if kind == "parent_details":
                slot.dangers.append(("parent", None, context.household.carers[0].person_id))

    if rng.random() < invalid_share:
        kinds = list(INVALIDATING_ERRORS)
        rng.shuffle(kinds)
        for kind in kinds:
            if INVALIDATING_ERRORS[kind](rng, slot.record, context):
                slot.invalid.append(kind)
                break


def _household_dangers(household: Household, student, *, twin_of=None):
    """Register twins, siblings and same-named parents of a child in this household."""
    dangers = []
    own_id = student.student_id if student else None
    born = None
    if student is not None:
        born = student.date_of_birth
    elif twin_of is not None:
        born = twin_of.date_of_birth
    forename = student.legal_forename if student else None
    for other in household.students:
        if other.student_id == own_id:
            continue
        relation = "twin" if born is not None and other.date_of_birth == born else "sibling"
        dangers.append((relation, other.student_id, None))
    for carer in household.carers:
        if forename and carer.forename == forename:
            dangers.append(("parent", None, carer.person_id))
    return dangers
