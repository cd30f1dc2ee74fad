"""The versioned child matching model: Splink settings shipped as JSON.

A model file holds a version string, a note on how it was made, and the
Splink settings (comparisons with their m and u probabilities, blocking
rules, the prior). Every stored score records the version that produced it.
"""

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from .comparisons import hand_set_settings

DEFAULT_MODEL_FILE = "child-v4.json"
HAND_SET_VERSION = "child-v1"


@dataclass(frozen=True)
class MatchModel:
    """A Splink model for children, with the labels of its comparison levels."""

    version: str
    settings: dict[str, Any]
    note: str = ""
    # Comparison name -> comparison vector value -> level label.
    level_labels: dict[str, dict[int, str]] = field(init=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "level_labels", _level_labels(self.settings))

    @property
    def comparison_names(self) -> list[str]:
        return [comparison["output_column_name"] for comparison in self.settings["comparisons"]]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "MatchModel":
        return cls(
            version=data["version"], settings=data["splink_settings"], note=data.get("note", "")
        )

    @classmethod
    def from_json(cls, path: str | Path) -> "MatchModel":
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))

    @classmethod
    def default(cls) -> "MatchModel":
        """Load the model this release ships as its default."""
        text = (
            resources.files(__package__).joinpath("models", DEFAULT_MODEL_FILE).read_text("utf-8")
        )
        return cls.from_dict(json.loads(text))

    @classmethod
    def hand_set(cls) -> "MatchModel":
        """Build the model with reasoned, untrained m and u probabilities."""
        return cls(
            version=HAND_SET_VERSION,
            settings=hand_set_settings(),
            note="m and u probabilities set by hand from reasoning, not trained",
        )

    def to_dict(self) -> dict[str, Any]:
        return {"version": self.version, "note": self.note, "splink_settings": self.settings}

    def write_json(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_dict(), indent=1) + "\n", encoding="utf-8")


def _level_labels(settings: dict[str, Any]) -> dict[str, dict[int, str]]:
    """Map each comparison's vector values to level labels, as Splink numbers them.

    Splink gives the null level -1 and counts the other levels down to 0 in
    the order they are listed.
    """
    labels: dict[str, dict[int, str]] = {}
    for comparison in settings["comparisons"]:
        levels = comparison["comparison_levels"]
        value = sum(1 for level in levels if not level.get("is_null_level")) - 1
        by_value: dict[int, str] = {}
        for level in levels:
            if level.get("is_null_level"):
                by_value[-1] = level["label_for_charts"]
                continue
            by_value[value] = level["label_for_charts"]
            value -= 1
        labels[comparison["output_column_name"]] = by_value
    return labels
