"""manage.py load_register DIR: load an LA register from its CSV files."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from portal_backoffice.register.loading import REGISTER_FILES, RegisterLoadError, register_load


class Command(BaseCommand):
    help = (
        "Load an LA register from the CSV files in DIR (students.csv, and any of "
        f"{', '.join(name for name in REGISTER_FILES if name != 'students.csv')}). "
        "Nothing is kept if any row is invalid."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", type=Path, help="Folder holding the register CSV files.")
        parser.add_argument(
            "--batch-size",
            type=int,
            default=5_000,
            help="Rows inserted per database statement batch (default 5000).",
        )

    def handle(self, *args, directory: Path, batch_size: int, **options):
        started = time.monotonic()
        try:
            counts = register_load(
                directory=directory, batch_size=batch_size, progress=self._progress
            )
        except RegisterLoadError as error:
            raise CommandError(f"Register not loaded. {error}") from None

        for file_name, count in counts.items():
            self.stdout.write(f"{file_name}: {count:,} rows loaded")
        self.stdout.write(
            self.style.SUCCESS(f"Register loaded in {time.monotonic() - started:.1f} s")
        )

    def _progress(self, file_name: str, rows: int) -> None:
        self.stderr.write(f"{file_name}: {rows:,} rows read")
