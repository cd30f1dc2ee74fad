"""manage.py train_model: train on the register and officer decisions, benchmark, activate."""

import copy
import io
import re

import pytest
from django.core.management import CommandError, call_command
from synthetic_register import synthetic_register_load

from factories import IncomingFileFactory
from portal_backoffice.intake.management.commands import train_model
from portal_backoffice.intake.models import IncomingCarer, IncomingStudent
from portal_backoffice.intake.models.choices import MatchMethod, State
from portal_backoffice.intake.services.match_index import match_index_locked
from portal_backoffice.matching.bars import BarThresholds
from portal_backoffice.matching.model import ACTIVE_MODEL_POINTER, MatchModel
from portal_backoffice.matching.model_files import model_activate
from portal_backoffice.matching.normalise import normalise_gender
from portal_backoffice.matching.synthetic_data import labelled_batch
from portal_backoffice.matching.train import TrainingResult, model_fit
from portal_backoffice.register.models import Base
from portal_backoffice.synthetic.la import SyntheticLA

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# The register the LA holds, and the children its officers linked by hand.
LA_SEED = 5
LA_STUDENTS = 3000
DECIDED_CHILDREN = 400

# A small benchmark keeps each run to seconds. The command's default is 20,000 and 2,000.
BENCH_OPTIONS = {"bench_students": 3000, "bench_incoming": 400, "bench_seed": 2026}
MAX_PAIRS = 2e5


@pytest.fixture(scope="module")
def decided_batch():
    return labelled_batch(seed=LA_SEED, students=LA_STUDENTS, incoming=DECIDED_CHILDREN)


@pytest.fixture
def models_dir(settings, tmp_path):
    settings.PORTAL_MODEL_DIR = tmp_path / "models"
    return settings.PORTAL_MODEL_DIR


@pytest.fixture
def register(decided_batch):
    synthetic_register_load(SyntheticLA(seed=LA_SEED, students=LA_STUDENTS))
    return decided_batch


def officer_decisions_store(batch, *, wrong: bool = False) -> int:
    """Store each held incoming child as an officer's Select of its student. Return how many.

    With wrong=True every child is linked to the student after its own in
    register order, as a careless officer might, so m learns nothing true.
    """
    files = {}
    register_ids = [record.record_id for record in batch.register]
    next_student = dict(zip(register_ids, register_ids[1:] + register_ids[:1], strict=True))
    stored = 0
    for child in batch.incoming:
        student_id = batch.truth[child.record_id]
        if student_id is None:
            continue
        if child.base not in files:
            files[child.base] = IncomingFileFactory(base=_base_for(child.base))
        incoming = IncomingStudent.objects.create(
            incoming_file=files[child.base],
            record_number=stored + 1,
            state=State.PROCESSED,
            forename=child.forename,
            middle_names=child.middle_names,
            surname=child.surname,
            date_of_birth=child.date_of_birth,
            # The import stores M, F or blank; the portal's own spelling may differ.
            gender=normalise_gender(child.gender) or "",
            upn=child.upn,
            address_line_1=child.address_line_1,
            postcode=child.postcode,
            matched_student_id=next_student[student_id] if wrong else student_id,
            match_method=MatchMethod.SELECTED,
        )
        for priority, (forename, surname) in enumerate(child.carer_names, start=1):
            IncomingCarer.objects.create(
                incoming_student=incoming, forename=forename, surname=surname, priority=priority
            )
        stored += 1
    return stored


def _base_for(laestab: str) -> Base:
    if not laestab:
        return Base.objects.filter(portal_application_type="FSM").get()
    return Base.objects.get(la_code=laestab[:3], establishment_number=laestab[3:])


def train(version: str, **options) -> str:
    output = io.StringIO()
    call_command(
        "train_model",
        version=version,
        max_pairs=MAX_PAIRS,
        stdout=output,
        **{**BENCH_OPTIONS, **options},
    )
    return output.getvalue()


def model_fit_swapping_m_and_u(**arguments) -> TrainingResult:
    """Train as the command does, then swap every level's m and u, so agreement counts against."""
    result = model_fit(**arguments)
    settings = copy.deepcopy(result.model.settings)
    for comparison in settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            if not level.get("is_null_level"):
                level["m_probability"], level["u_probability"] = (
                    level["u_probability"],
                    level["m_probability"],
                )
    swapped = MatchModel(version=result.model.version, settings=settings)
    return TrainingResult(swapped, result.base_m_levels)


def index_model_version() -> str:
    with match_index_locked() as index:
        return index.model_version


def test_training_writes_self_contained_chart(register, models_dir):
    decisions = officer_decisions_store(register)

    output = train("la-test-1")

    model = MatchModel.from_json(models_dir / "la-test-1.json")
    assert model.version == "la-test-1"
    assert f"m from {decisions} labelled" in model.note
    assert f"{LA_STUDENTS} register students, {decisions} officer decisions" in output
    html = (models_dir / "la-test-1-match-weights.html").read_text(encoding="utf-8")
    assert "<script" in html
    assert re.search(r"<script[^>]*\bsrc\s*=", html) is None
    assert "cdn.jsdelivr.net" not in html
    assert "wrong automatic matches" in output
    assert not (models_dir / ACTIVE_MODEL_POINTER).exists()


def test_passing_model_becomes_active(register, models_dir):
    officer_decisions_store(register)
    assert index_model_version() == MatchModel.default().version

    output = train("la-test-2", activate=True)

    assert "fail" not in output
    assert "Model la-test-2 is now the active model." in output
    assert (models_dir / ACTIVE_MODEL_POINTER).read_text().strip() == "la-test-2.json"
    assert MatchModel.active(models_dir).version == "la-test-2"
    assert index_model_version() == "la-test-2"


def test_model_with_swapped_m_and_u_refused(register, models_dir, monkeypatch):
    officer_decisions_store(register)
    monkeypatch.setattr(train_model, "model_fit", model_fit_swapping_m_and_u)

    with pytest.raises(CommandError) as refused:
        train("la-test-swapped", activate=True)

    assert "was not activated" in str(refused.value)
    assert "held children matched automatically" in str(refused.value)
    assert not (models_dir / ACTIVE_MODEL_POINTER).exists()
    assert index_model_version() == MatchModel.default().version


def test_wrong_officer_decisions_leave_exact_m(register, models_dir):
    # Linked to the next student in register order, children rarely agree
    # exactly on name or date of birth, so those levels keep the base m.
    officer_decisions_store(register, wrong=True)

    output = train("la-test-wrong")

    assert "forename: exact" in output
    assert "date_of_birth: exact" in output


def test_failed_bar_keeps_active_model(register, models_dir):
    officer_decisions_store(register)
    models_dir.mkdir()
    earlier = MatchModel(version="la-earlier", settings=MatchModel.default().settings)
    earlier.write_json(models_dir / "la-earlier.json")
    model_activate(models_dir, "la-earlier")
    impossible = BarThresholds(minimum_automatic_rate=1.01)

    with pytest.raises(CommandError) as refused:
        train("la-test-3", activate=True, bar_thresholds=impossible)

    assert "held children matched automatically" in str(refused.value)
    assert "The active model is still la-earlier." in str(refused.value)
    assert (models_dir / ACTIVE_MODEL_POINTER).read_text().strip() == "la-earlier.json"
    assert (models_dir / "la-test-3.json").is_file()
    assert index_model_version() == "la-earlier"


def test_no_officer_decisions_keeps_base_m(register, models_dir):
    output = train("la-test-unlabelled")

    assert "0 officer decisions" in output
    assert "Only 0 officer decisions" in output
    assert f"Kept the m of {MatchModel.default().version}" in output


def test_version_of_shipped_model_rejected(db, models_dir):
    with pytest.raises(CommandError, match="a model this release ships"):
        train("child-v4")


def test_existing_version_rejected(db, models_dir):
    models_dir.mkdir()
    MatchModel.default().write_json(models_dir / "la-taken.json")

    with pytest.raises(CommandError, match="already exists"):
        train("la-taken")


def test_benchmark_too_small_fails_before_training(register, models_dir):
    with pytest.raises(CommandError, match="Raise --bench-students"):
        train("la-small-bench", bench_students=50, bench_incoming=40)

    assert not (models_dir / "la-small-bench.json").exists()
