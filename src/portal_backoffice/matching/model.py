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
# In a folder of trained models, the file that names the active model's JSON file.
ACTIVE_MODEL_POINTER = "active.txt"


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
    def active(cls, folder: str | Path | None) -> "MatchModel":
        """Load the model that the folder's active.txt names, or the default when none is active.

        Raises FileNotFoundError when active.txt names a file that is missing,
        rather than matching with another model than the one activated.
        """
        path = active_model_path(folder)
        if path is None:
            return cls.default()
        if not path.is_file():
            raise FileNotFoundError(
                f"The active model file {path} named in {path.parent / ACTIVE_MODEL_POINTER} "
                "is missing. Activate another model with manage.py train_model --activate, "
                f"or delete {ACTIVE_MODEL_POINTER} to use the shipped default model."
            )
        return cls.from_json(path)

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


def active_model_path(folder: str | Path | None) -> Path | None:
    """Return the path of the active model's JSON file, or None when no model is active.

    active.txt contains a file name in the folder, not a path, so it cannot
    point outside the folder.
    """
    if folder is None:
        return None
    pointer = Path(folder) / ACTIVE_MODEL_POINTER
    if not pointer.is_file():
        return None
    name = pointer.read_text(encoding="utf-8").strip()
    if not name:
        return None
    if Path(name).name != name:
        raise ValueError(
            f"{pointer} must contain a file name in its folder, not the path {name!r}."
        )
    return Path(folder) / name


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
