from .conflicts import DataConflict, DataProcessingRule, RejectedValue
from .files import IncomingFile
from .jobs import ImportJob
from .matching import MatchingSettings, PossibleMatch
from .students import IncomingCarer, IncomingStudent

__all__ = [
    "DataConflict",
    "DataProcessingRule",
    "ImportJob",
    "IncomingCarer",
    "IncomingFile",
    "IncomingStudent",
    "MatchingSettings",
    "PossibleMatch",
    "RejectedValue",
]
