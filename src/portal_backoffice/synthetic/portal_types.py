"""The portal files the generator writes and the ground truth that goes with them."""

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class ModulePlan:
    """The sender of a module's submissions and the children they concern."""

    source: str
    module: str
    # Share of the batch's children sent for this module.
    weight: float
    # Ages on 31 August of the children the module is for.
    ages: tuple[int, ...]
    # Base types of the sending provider; None for a citizen portal module.
    provider_base_types: tuple[str, ...] | None
    # Base types a held child must attend, or None for any child of the age.
    student_base_types: tuple[str, ...] | None


@dataclass(slots=True)
class PortalFile:
    header: dict
    children: list[dict]
    # "json" or "csv".
    file_format: str

    @property
    def name(self) -> str:
        return f"{self.header['file_id']}.{self.file_format}"


@dataclass(slots=True)
class ChildTruth:
    """The register student an incoming child really is, and the errors it was sent with."""

    file_id: str
    record_number: int
    # The register student it is, or None for a child the register does not hold.
    student_id: int | None
    # held, new_unrelated, new_sibling or new_twin.
    kind: str
    errors: list[str]
    invalid: list[str]


@dataclass(slots=True)
class DangerousPair:
    """A register record an incoming child must never be matched to automatically."""

    file_id: str
    record_number: int
    # twin, sibling or parent.
    relation: str
    student_id: int | None = None
    person_id: int | None = None


@dataclass(slots=True)
class PortalBatch:
    files: list[PortalFile]
    truth: list[ChildTruth]
    dangerous_pairs: list[DangerousPair]

    def truth_document(self) -> dict:
        """Return the ground truth as truth.json stores it."""
        children = [
            {
                "file_id": item.file_id,
                "record_number": item.record_number,
                "student_id": item.student_id,
                "kind": item.kind,
                "errors": item.errors,
                "invalid": item.invalid,
            }
            for item in self.truth
        ]
        pairs = []
        for pair in self.dangerous_pairs:
            entry = {
                "file_id": pair.file_id,
                "record_number": pair.record_number,
                "relation": pair.relation,
            }
            if pair.student_id is not None:
                entry["student_id"] = pair.student_id
            if pair.person_id is not None:
                entry["person_id"] = pair.person_id
            pairs.append(entry)
        return {"children": children, "dangerous_pairs": pairs}


@dataclass(slots=True)
class Slot:
    """One generated child before it is placed in a file."""

    plan: ModulePlan
    base_laestab: str
    record: dict
    # The household the child belongs to, register or not.
    household: object
    student_id: int | None
    kind: str
    errors: list[str] = field(default_factory=list)
    invalid: list[str] = field(default_factory=list)
    # (relation, student id, person id) of register records it must not match.
    dangers: list[tuple[str, int | None, int | None]] = field(default_factory=list)


_SCHOOLS = ("Primary", "Secondary", "Special")
_EARLY_YEARS = ("Nursery", "PVI", "Childminder")

# The guesses behind the mix: FSM is the busiest service, headcount the
# biggest provider return.
MODULE_PLANS = [
    ModulePlan("citizen_portal", "FSM", 0.30, tuple(range(4, 16)), None, _SCHOOLS),
    ModulePlan("citizen_portal", "TRANSPORT", 0.15, tuple(range(4, 16)), None, _SCHOOLS),
    ModulePlan("citizen_portal", "2YO", 0.10, (1, 2), None, None),
    ModulePlan("provider_portal", "HEADCOUNT", 0.25, (1, 2, 3), _EARLY_YEARS, _EARLY_YEARS),
    ModulePlan("provider_portal", "EY_ASSESSMENT", 0.10, (2, 3), _EARLY_YEARS, _EARLY_YEARS),
    ModulePlan(
        "provider_portal", "2YO", 0.10, (1, 2), ("PVI", "Childminder"), ("PVI", "Childminder")
    ),
]
