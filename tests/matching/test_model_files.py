"""The folder of trained models: files written, versions checked, the active model chosen."""

import re

import pytest

from portal_backoffice.matching.model import ACTIVE_MODEL_POINTER, MatchModel
from portal_backoffice.matching.model_files import (
    ModelVersionInvalid,
    model_activate,
    model_files_write,
    model_version_validate,
)


def renamed_default(version: str) -> MatchModel:
    return MatchModel(version=version, settings=MatchModel.default().settings, note="test copy")


def test_files_written_for_version(tmp_path):
    json_path, chart_path = model_files_write(renamed_default("la-2027-1"), tmp_path / "models")

    assert json_path == tmp_path / "models" / "la-2027-1.json"
    assert chart_path == tmp_path / "models" / "la-2027-1-match-weights.html"
    assert MatchModel.from_json(json_path).version == "la-2027-1"


def test_chart_needs_no_network(tmp_path):
    _, chart_path = model_files_write(renamed_default("la-chart"), tmp_path)

    html = chart_path.read_text(encoding="utf-8")
    assert "<script" in html
    assert re.search(r"<script[^>]*\bsrc\s*=", html) is None
    assert re.search(r"https?://cdn", html) is None
    # The chart's data names the model's comparisons.
    assert '"date_of_birth"' in html


@pytest.mark.parametrize(
    "version",
    ["", "../escape", "la model", "-leading-hyphen", "la/one", "x" * 41],
)
def test_invalid_version_rejected(tmp_path, version):
    with pytest.raises(ModelVersionInvalid, match="is invalid"):
        model_version_validate(version, tmp_path)


def test_shipped_version_rejected(tmp_path):
    with pytest.raises(ModelVersionInvalid, match="ships"):
        model_version_validate(MatchModel.default().version, tmp_path)


def test_existing_version_not_overwritten(tmp_path):
    model_files_write(renamed_default("la-once"), tmp_path)

    with pytest.raises(ModelVersionInvalid, match="already exists"):
        model_files_write(renamed_default("la-once"), tmp_path)


def test_default_when_nothing_active(tmp_path):
    assert MatchModel.active(None).version == MatchModel.default().version
    assert MatchModel.active(tmp_path).version == MatchModel.default().version
    assert MatchModel.active(tmp_path / "missing-folder").version == MatchModel.default().version


def test_activated_model_loaded(tmp_path):
    model_files_write(renamed_default("la-active"), tmp_path)

    model_activate(tmp_path, "la-active")

    assert (tmp_path / ACTIVE_MODEL_POINTER).read_text() == "la-active.json\n"
    assert MatchModel.active(tmp_path).version == "la-active"


def test_activating_missing_model_fails(tmp_path):
    with pytest.raises(FileNotFoundError, match="la-absent.json"):
        model_activate(tmp_path, "la-absent")

    assert not (tmp_path / ACTIVE_MODEL_POINTER).exists()


def test_missing_active_file_raises(tmp_path):
    (tmp_path / ACTIVE_MODEL_POINTER).write_text("la-deleted.json\n")

    with pytest.raises(FileNotFoundError, match="la-deleted.json"):
        MatchModel.active(tmp_path)


def test_active_pointer_outside_folder_rejected(tmp_path):
    (tmp_path / ACTIVE_MODEL_POINTER).write_text("../elsewhere/model.json\n")

    with pytest.raises(ValueError, match="file name in its folder"):
        MatchModel.active(tmp_path)
