"""manage.py generate_la: write a synthetic LA's register, portal files and ground truth."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal_backoffice.synthetic.la import SyntheticLA
from portal_backoffice.synthetic.portal import portal_batch_generate
from portal_backoffice.synthetic.portal_output import portal_batch_write
from portal_backoffice.synthetic.register_output import register_csv_write


class Command(BaseCommand):
    help = (
        "Generate a synthetic LA from a seed: the register CSV files in OUT/register, "
        "the portal files in OUT/portal and their ground truth in OUT/truth.json."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--students", type=int, default=10_000, help="Register students (default 10000)."
        )
        parser.add_argument(
            "--incoming",
            type=int,
            default=None,
            help="Children in the portal files (default: a tenth of the students, at most 10000).",
        )
        parser.add_argument(
            "--children-per-file",
            type=int,
            default=250,
            help="Maximum children in one portal file (default 250).",
        )
        parser.add_argument("--out", type=Path, required=True, help="Folder to write into.")

    def handle(self, *args, seed, students, incoming, children_per_file, out: Path, **options):
        if students < 1:
            raise CommandError("--students must be 1 or more")
        incoming = min(students // 10, 10_000) if incoming is None else incoming
        started = time.monotonic()

        la = SyntheticLA(seed=seed, students=students)
        counts = register_csv_write(la, out / "register")
        for table, count in counts.items():
            self.stdout.write(f"register/{table}.csv: {count:,} rows")

        try:
            batch = portal_batch_generate(
                la, children=incoming, seed=seed, children_per_file=children_per_file
            )
        except RuntimeError as error:
            # Raised when the register has too few children of a module's age.
            raise CommandError(f"{error}, or ask for fewer --incoming children") from None
        paths = portal_batch_write(batch, out / "portal", truth_path=out / "truth.json")
        held = sum(1 for item in batch.truth if item.student_id is not None)
        invalid = sum(1 for item in batch.truth if item.invalid)
        self.stdout.write(
            f"portal: {len(paths)} files, {len(batch.truth):,} children "
            f"({held:,} in the register, {len(batch.truth) - held:,} new, {invalid:,} invalid)"
        )
        self.stdout.write(f"truth.json: {len(batch.dangerous_pairs):,} dangerous pairs")
        self.stdout.write(
            self.style.SUCCESS(
                f"Synthetic LA written to {out} in {time.monotonic() - started:.1f} s"
            )
        )
