"""Bases for the synthetic LA: schools, nurseries, PVIs and childminders in LA 999."""

import math
import random
from dataclasses import dataclass

from .identifiers import LA_CODE
from .model import SyntheticBase
from .names import BASE_PLACE_WORDS, ORIGINS, SAINTS, TOWNS

# Base type -> (first establishment number, last one, children per base).
# The nursery, primary, secondary and special ranges follow the DfE numbering
# by phase. PVIs and childminders have no DfE number, so their ranges are this
# generator's own. The sizes are guesses, not census figures.
_PLAN = {
    "Nursery": (1000, 1999, 12_000),
    "Primary": (2000, 3999, 800),
    "Secondary": (4000, 5999, 2_900),
    "Special": (7000, 7999, 8_000),
    "PVI": (8000, 8999, 3_000),
    "Childminder": (9000, 9999, 4_000),
}
_PRIMARY_NAMES = [
    "{place} Primary School",
    "{place} Infant and Junior School",
    "St {saint}'s C of E Primary School",
    "{place} Academy",
]
_SECONDARY_NAMES = [
    "{place} High School",
    "{place} Academy",
    "{place} School",
    "St {saint}'s Catholic High School",
]
_NAMES = {
    "Nursery": ["{place} Nursery School", "{town} Maintained Nursery School"],
    "Primary": _PRIMARY_NAMES,
    "Secondary": _SECONDARY_NAMES,
    "Special": ["{place} Special School", "{place} Academy for Communication"],
    "PVI": ["Little {place} Day Nursery", "{place} Pre-school", "{place} Kindergarten"],
    "Childminder": ["Childminder {forename} {surname}"],
}


@dataclass(frozen=True, slots=True)
class BaseCatalogue:
    """Every base of the LA, by type, in establishment number order."""

    by_type: dict[str, list[SyntheticBase]]

    def all(self) -> list[SyntheticBase]:
        return [base for bases in self.by_type.values() for base in bases]

    def pick(self, base_type: str, index: int) -> SyntheticBase:
        """Return the base of a type at a household's preferred index."""
        bases = self.by_type[base_type]
        return bases[index % len(bases)]


def bases_generate(rng: random.Random, *, students: int) -> BaseCatalogue:
    """Generate enough bases of each type for the number of students."""
    by_type = {}
    for base_type, (first, last, size) in _PLAN.items():
        count = min(max(2, math.ceil(students / size)), last - first + 1)
        numbers = sorted(rng.sample(range(first, last + 1), count))
        by_type[base_type] = [
            SyntheticBase(f"{LA_CODE}{number}", _base_name(rng, base_type), base_type)
            for number in numbers
        ]
    return BaseCatalogue(by_type)


def _base_name(rng: random.Random, base_type: str) -> str:
    origin = ORIGINS[0]
    return rng.choice(_NAMES[base_type]).format(
        place=rng.choice(BASE_PLACE_WORDS),
        saint=rng.choice(SAINTS),
        town=rng.choice(TOWNS),
        forename=origin.women(rng),
        surname=origin.surnames(rng),
    )
