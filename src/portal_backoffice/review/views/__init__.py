"""The review pages: one module per screen or flow."""

from .bulk import add_new, discard
from .conflicts import conflicts
from .lists import matched_with_conflicts, pending, unmatched
from .matching import possible_matches, select

__all__ = [
    "add_new",
    "conflicts",
    "discard",
    "matched_with_conflicts",
    "pending",
    "possible_matches",
    "select",
    "unmatched",
]
