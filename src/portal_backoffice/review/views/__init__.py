"""The review pages: one module per screen or flow."""

from .bulk import add_new, discard
from .conflicts import conflicts
from .lists import home, matched_with_conflicts, unmatched
from .matching import possible_matches, select

__all__ = [
    "add_new",
    "conflicts",
    "discard",
    "home",
    "matched_with_conflicts",
    "possible_matches",
    "select",
    "unmatched",
]
