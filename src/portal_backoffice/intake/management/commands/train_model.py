"""manage.py train_model: train the child model on this LA's register and officer decisions.

u comes from random pairs of the register's linkable students, m from the
incoming students an officer linked to a student (Select on the review
pages). The new model and its match-weights chart go to
settings.PORTAL_MODEL_DIR. The model is then benchmarked on a synthetic LA
against the four accuracy bars (matching/bars.py), and with --activate it
becomes the active model only if it meets all of them.
"""

from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal_backoffice.intake.models import IncomingStudent
from portal_backoffice.intake.models.choices import MatchMethod
from portal_backoffice.intake.services.automatic_matching import (
    decision_policy,
    file_base_key,
    incoming_child_record,
)
from portal_backoffice.intake.services.match_index import (
    MatchIndexBusy,
    _all_child_records,
    match_index_locked,
)
from portal_backoffice.matching.bars import (
    BarResult,
    BarThresholds,
    BenchmarkCounts,
    bars_check,
)
from portal_backoffice.matching.model import MatchModel
from portal_backoffice.matching.model_files import (
    ModelVersionInvalid,
    model_activate,
    model_files_write,
    model_version_validate,
)
from portal_backoffice.matching.records import ChildRecord, RecordId
from portal_backoffice.matching.synthetic_data import LabelledBatch, labelled_batch
from portal_backoffice.matching.train import model_evaluate, model_fit

# Below this many officer decisions (a rough guide, not a measured limit) the
# output warns that m is mostly the base model's. Each level still needs
# train.MINIMUM_LABELLED_PAIRS_PER_LEVEL expected pairs of its own before its
# trained m is used.
RECOMMENDED_LABELS = 300

# Incoming students read per query: bounds memory, not correctness.
LABELS_CHUNK_SIZE = 2000


class Command(BaseCommand):
    help = (
        "Train a new child matching model on this LA's register (u, by random sampling) and "
        "on officers' match decisions (m), write it with its match-weights chart to "
        "PORTAL_MODEL_DIR, and benchmark it against the accuracy bars on a synthetic LA. "
        "With --activate, make it the active model only if it meets every bar."
    )
    # Tests pass bar_thresholds through call_command to make a model fail a bar.
    stealth_options = ("bar_thresholds",)

    def create_parser(self, prog_name, subcommand, **kwargs):
        # Django gives every command --version, which prints Django's release.
        # Here --version names the new model instead.
        kwargs.setdefault("conflict_handler", "resolve")
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument(
            "--version",
            required=True,
            help=(
                "version of the new model, also its file name in PORTAL_MODEL_DIR "
                "(letters, digits, dots, hyphens and underscores, at most 40 characters)"
            ),
        )
        parser.add_argument(
            "--activate",
            action="store_true",
            help="make the new model the active one if it meets every bar",
        )
        parser.add_argument(
            "--bench-students",
            type=int,
            default=20_000,
            help="students in the synthetic LA of the benchmark (default 20000)",
        )
        parser.add_argument(
            "--bench-incoming",
            type=int,
            default=2_000,
            help=(
                "incoming children in the benchmark (default 2000). Below 10000, one wrong "
                "automatic match fails the bar of 1 per 10,000, and with fewer than 200 held "
                "children left to an officer, one missing from the first five fails the 99.5%% bar"
            ),
        )
        parser.add_argument(
            "--bench-seed", type=int, default=2026, help="seed of the synthetic LA (default 2026)"
        )
        parser.add_argument(
            "--max-pairs",
            type=float,
            default=5e6,
            help="random pairs of register students sampled to estimate u (default 5e6)",
        )

    def handle(self, *args, **options):
        folder = Path(settings.PORTAL_MODEL_DIR)
        version = options["version"]
        try:
            model_version_validate(version, folder)
        except ModelVersionInvalid as error:
            raise CommandError(str(error)) from error
        if options["bench_students"] < 1 or options["bench_incoming"] < 1:
            raise CommandError("--bench-students and --bench-incoming must be at least 1.")

        # Generated first, so that a benchmark too small for its children fails before training.
        bench_batch = self._bench_batch_generate(options)
        model = self._train(version, folder, options["max_pairs"])
        results = self._benchmark(model, bench_batch, options.get("bar_thresholds"))
        failed = [result.name for result in results if not result.passed]

        if not options["activate"]:
            if failed:
                self.stdout.write(f"The model fails: {', '.join(failed)}. It was not activated.")
            else:
                self.stdout.write("The model meets every bar. Run again with --activate to use it.")
            return
        if failed:
            raise CommandError(
                f"Model {version} was not activated because it fails these bars: "
                f"{', '.join(failed)}. The active model is still "
                f"{MatchModel.active(folder).version}."
            )
        model_activate(folder, version)
        self.stdout.write(self.style.SUCCESS(f"Model {version} is now the active model."))
        self._report_index_model()

    def _train(self, version: str, folder: Path, max_pairs: float) -> MatchModel:
        try:
            base = MatchModel.active(folder)
        except (OSError, ValueError) as error:
            raise CommandError(f"The active model could not be loaded: {error}") from error
        # The match index's own conversion, so that u is estimated on the keys matching reads.
        register = list(_all_child_records())
        if len(register) < 2:
            raise CommandError(
                f"The register has {len(register)} linkable students. Training u needs "
                "pairs of register students: load the register first."
            )
        incoming, labels = officer_decisions_collect()
        self.stdout.write(
            f"Training {version} from {base.version}: {len(register)} register students, "
            f"{len(labels)} officer decisions."
        )

        result = model_fit(
            register=register,
            incoming=incoming,
            labels=labels,
            version=version,
            base=base,
            max_pairs=max_pairs,
        )
        if len(labels) < RECOMMENDED_LABELS:
            self.stdout.write(
                self.style.WARNING(
                    f"Only {len(labels)} officer decisions. At least {RECOMMENDED_LABELS} are "
                    "needed to estimate most m probabilities."
                )
            )
        if result.base_m_levels:
            self.stdout.write(
                f"Kept the m of {base.version} for {len(result.base_m_levels)} levels "
                f"with too few officer decisions: {'; '.join(result.base_m_levels)}."
            )

        json_path, chart_path = model_files_write(result.model, folder)
        self.stdout.write(f"Wrote {json_path} and {chart_path}.")
        return result.model

    def _bench_batch_generate(self, options) -> LabelledBatch:
        self.stdout.write(
            f"Benchmark: synthetic LA of {options['bench_students']} students, "
            f"{options['bench_incoming']} incoming children, seed {options['bench_seed']}."
        )
        try:
            return labelled_batch(
                seed=options["bench_seed"],
                students=options["bench_students"],
                incoming=options["bench_incoming"],
            )
        except RuntimeError as error:
            # The generator raises this when the LA is too small for the incoming children.
            raise CommandError(
                f"The benchmark could not be generated: {error}. Raise --bench-students "
                "or lower --bench-incoming."
            ) from error

    def _benchmark(
        self, model: MatchModel, batch: LabelledBatch, thresholds: BarThresholds | None
    ) -> list[BarResult]:
        outcome_counts = model_evaluate(model, batch, decision_policy())
        try:
            results = bars_check(BenchmarkCounts.from_outcome_counts(outcome_counts), thresholds)
        except ValueError as error:
            raise CommandError(str(error)) from error

        self.stdout.write(f"Bars for {model.version}:")
        for result in results:
            verdict = self.style.SUCCESS("pass") if result.passed else self.style.ERROR("fail")
            self.stdout.write(f"  {verdict}  {result.name}: {result.figure}, limit {result.limit}")
        return results

    def _report_index_model(self) -> None:
        try:
            with match_index_locked() as index:
                version = index.model_version
        except MatchIndexBusy:
            self.stdout.write(
                "The match index is open in another process. It reads the new model "
                "when it is next opened."
            )
            return
        self.stdout.write(f"The match index now scores with model {version}.")


def officer_decisions_collect() -> tuple[list[ChildRecord], dict[RecordId, RecordId]]:
    """Return the incoming students an officer linked to a linkable student, and the links.

    The links map an incoming student's id to the student's id. Automatic
    matches and Add New are left out, because only an officer's Select
    records which student a child is.

    NOTE: the student's details are read as they are now. A link may have
    imported the incoming values into the student, which makes the pair look
    closer than when the officer decided, so m for exact agreement may come
    out a little high.
    """
    incoming: list[ChildRecord] = []
    labels: dict[RecordId, RecordId] = {}
    for student in _officer_selected_students():
        incoming.append(incoming_child_record(student, file_base_key(student.incoming_file)))
        labels[student.pk] = student.matched_student_id
    return incoming, labels


def _officer_selected_students() -> Iterator[IncomingStudent]:
    return (
        IncomingStudent.objects.filter(
            match_method=MatchMethod.SELECTED,
            matched_student__isnull=False,
            # A do-not-link student is not in the register that training reads.
            matched_student__do_not_link=False,
        )
        .select_related("incoming_file__base")
        .prefetch_related("carers")
        .order_by("pk")
        .iterator(chunk_size=LABELS_CHUNK_SIZE)
    )
