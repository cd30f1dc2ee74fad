"""A folder of trained models: each model's JSON and chart, and which model is active.

For a model with version NAME the folder contains NAME.json and
NAME-match-weights.html, Splink's match-weights chart with its JavaScript
inlined so that it opens with no network. active.txt names the active
model's JSON file (see MatchModel.active).
"""

import os
import re
from importlib import resources
from pathlib import Path

import duckdb
from splink import DuckDBAPI, Linker

from .keys import keys_table
from .model import ACTIVE_MODEL_POINTER, MatchModel

CHART_SUFFIX = "-match-weights.html"

# A version becomes a file name and is stored with every score, in columns
# of 40 characters (PossibleMatch.model_version, IncomingFile.model_version).
MAX_VERSION_LENGTH = 40
_VERSION_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


class ModelVersionInvalid(ValueError):
    """A version that cannot name a new model file."""


def model_version_validate(version: str, folder: str | Path) -> None:
    """Raise ModelVersionInvalid unless version can name a new model in the folder.

    The version must be a plain file name of at most 40 characters. No
    shipped or trained model may have it already, because stored scores name
    the model by version, and rewriting the active model's file would change
    the active model without a benchmark.
    """
    if len(version) > MAX_VERSION_LENGTH or not _VERSION_PATTERN.fullmatch(version):
        raise ModelVersionInvalid(
            f"The model version {version!r} is invalid. Use at most {MAX_VERSION_LENGTH} "
            "letters, digits, dots, hyphens and underscores, starting with a letter or digit."
        )
    shipped = resources.files(__package__).joinpath("models", f"{version}.json")
    if shipped.is_file():
        raise ModelVersionInvalid(
            f"The model version {version!r} is a model this release ships. Choose a new version."
        )
    existing = Path(folder) / f"{version}.json"
    if existing.exists():
        raise ModelVersionInvalid(
            f"A model with version {version!r} already exists at {existing}. Choose a new version."
        )


def model_files_write(model: MatchModel, folder: str | Path) -> tuple[Path, Path]:
    """Write the model's JSON and its match-weights chart into the folder. Return both paths."""
    model_version_validate(model.version, folder)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    json_path = folder / f"{model.version}.json"
    chart_path = folder / f"{model.version}{CHART_SUFFIX}"
    chart_path.write_text(match_weights_chart_html(model), encoding="utf-8")
    model.write_json(json_path)
    return json_path, chart_path


def match_weights_chart_html(model: MatchModel) -> str:
    """Return Splink's match-weights chart of the model as a self-contained HTML page."""
    con = duckdb.connect(":memory:")
    try:
        # The chart reads only the settings, so the linker gets an empty table.
        register_sdf = DuckDBAPI(con).register(keys_table([]), dataset_display_name="register")
        # link_only needs two inputs, and dedupe_only gives the same weights.
        settings = {**model.settings, "link_type": "dedupe_only"}
        linker = Linker(register_sdf, settings, log_level=None)
        return linker.visualisations.match_weights_chart().to_html(inline=True)
    finally:
        con.close()


def model_activate(folder: str | Path, version: str) -> None:
    """Make the folder's model with this version the active one.

    active.txt is replaced in one rename, so a process reading it gets the
    old name or the new one, never a partly written file.
    """
    folder = Path(folder)
    json_path = folder / f"{version}.json"
    if not json_path.is_file():
        raise FileNotFoundError(f"No model file {json_path} to activate.")
    pointer = folder / ACTIVE_MODEL_POINTER
    staging = folder / f".{ACTIVE_MODEL_POINTER}.{os.getpid()}"
    staging.write_text(json_path.name + "\n", encoding="utf-8")
    os.replace(staging, pointer)
