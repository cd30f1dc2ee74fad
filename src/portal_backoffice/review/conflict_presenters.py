"""Display values for the Manage Data Conflicts page: one tab per data group."""

import json
from dataclasses import dataclass, field

from portal_backoffice.intake.models import DataConflict, IncomingCarer
from portal_backoffice.intake.models.choices import ConflictDecision, DataGroup
from portal_backoffice.intake.services.values import CARER_FIELD_PREFIX

from .presenters import NOT_GIVEN, uk_date
from .services.states import UNMATCHED_CARER_FIELD

# Conflict field -> the words officers read. Others are the field name in words.
FIELD_LABELS = {
    "legal_forename": "Forename",
    "legal_surname": "Surname",
    "upn": "UPN",
    "ni_number": "NI number",
    "nass_number": "NASS number",
    "sen_history": "SEN entry",
    "exclusions": "Exclusion",
    "looked_after": "Looked-after period",
}

DECISION_CHOICES = (
    (ConflictDecision.ACCEPTED, "Accept"),
    (ConflictDecision.REJECTED, "Reject"),
    (ConflictDecision.DISCARDED, "Discard"),
)


def field_label(field_name: str) -> str:
    if field_name.startswith(CARER_FIELD_PREFIX):
        return f"Carer's {field_label(field_name.removeprefix(CARER_FIELD_PREFIX)).lower()}"
    if field_name in FIELD_LABELS:
        return FIELD_LABELS[field_name]
    return field_name.replace("_", " ").capitalize()


def _entry_text(entry: dict) -> str:
    return ", ".join(f"{field_label(name)} {value}" for name, value in sorted(entry.items()))


def value_text(field_name: str, value: str) -> str:
    """Return a stored conflict value as words: history entries are stored as JSON."""
    if not value:
        return "Empty"
    if field_name in ("sen_history", "exclusions", "looked_after"):
        parsed = json.loads(value)
        entries = parsed if isinstance(parsed, list) else [parsed]
        return "; ".join(_entry_text(entry) for entry in entries) or "None held"
    return value


@dataclass(frozen=True)
class ConflictItem:
    """One open conflict with its LA and incoming values and the radio chosen, if any."""

    id: int
    label: str
    la_value: str
    incoming_value: str
    selected: str
    carer_name: str
    error: str = ""


@dataclass(frozen=True)
class CarerCard:
    """An incoming carer who matched no person, with the id of its conflict."""

    incoming_carer_id: int
    conflict_id: int
    name: str
    details: list[tuple[str, str]]
    discarded: bool
    error: str = ""


@dataclass
class GroupTab:
    """One data group's tab: its open conflicts and unmatched carers."""

    slug: str
    label: str
    items: list[ConflictItem] = field(default_factory=list)
    carers: list[CarerCard] = field(default_factory=list)

    @property
    def open_count(self) -> int:
        return len(self.items) + len(self.carers)

    @property
    def decided_count(self) -> int:
        """The open conflicts given a decision on the page, not yet applied.

        An unmatched carer counts as decided only when ticked for Discard,
        because Match and Add New Person happen on pages of their own.
        """
        chosen = sum(1 for item in self.items if item.selected)
        return chosen + sum(1 for carer in self.carers if carer.discarded)

    @property
    def marker(self) -> str:
        """The words of the tag on the tab: its conflicts, or how many are decided."""
        if self.decided_count == 0:
            return f"{self.open_count} conflict{'' if self.open_count == 1 else 's'}"
        if self.decided_count < self.open_count:
            return f"{self.decided_count} of {self.open_count} decided"
        return "All decided"

    @property
    def marker_colour(self) -> str:
        """The GOV.UK tag colour: red while a conflict is undecided, green once all are."""
        return "green" if self.decided_count == self.open_count else "red"


def carer_details(carer: IncomingCarer) -> list[tuple[str, str]]:
    address = ", ".join(
        part
        for part in (carer.address_line_1, carer.address_line_2, carer.town, carer.postcode)
        if part
    )
    return [
        ("Relationship", carer.relationship or NOT_GIVEN),
        ("Parental responsibility", "Yes" if carer.parental_responsibility else "No"),
        ("Date of birth", uk_date(carer.date_of_birth)),
        ("NI number", carer.ni_number or NOT_GIVEN),
        ("Address", address or NOT_GIVEN),
    ]


def group_tabs(
    conflicts: list[DataConflict], selections: dict[int, str], errors: dict[int, str]
) -> list[GroupTab]:
    """Sort the open conflicts into one tab per data group, in the order of DataGroup."""
    tabs = {group.value: GroupTab(slug=group.value, label=group.label) for group in DataGroup}
    for conflict in conflicts:
        tab = tabs[conflict.data_group]
        carer = conflict.incoming_carer
        if conflict.field == UNMATCHED_CARER_FIELD and carer is not None:
            tab.carers.append(
                CarerCard(
                    incoming_carer_id=carer.pk,
                    conflict_id=conflict.pk,
                    name=carer.display_name,
                    details=carer_details(carer),
                    discarded=selections.get(conflict.pk) == ConflictDecision.DISCARDED,
                    error=errors.get(conflict.pk, ""),
                )
            )
            continue
        tab.items.append(
            ConflictItem(
                id=conflict.pk,
                label=field_label(conflict.field),
                la_value=value_text(conflict.field, conflict.la_value),
                incoming_value=value_text(conflict.field, conflict.incoming_value),
                selected=selections.get(conflict.pk, ""),
                carer_name=carer.display_name if carer else "",
                error=errors.get(conflict.pk, ""),
            )
        )
    return list(tabs.values())
