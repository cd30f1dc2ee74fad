"""The matching engine: normalise, compare, score, decide, explain.

A plain Python package over Splink and DuckDB. It never imports Django, so it
can be tested, benchmarked and run on its own.
"""

from .carers import CarerMatch, carer_match
from .decide import decide
from .index import MatchIndex
from .model import MatchModel
from .normalise import same_value

__all__ = ["CarerMatch", "MatchIndex", "MatchModel", "carer_match", "decide", "same_value"]
