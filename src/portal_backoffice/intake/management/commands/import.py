"""manage.py import FILE [FILE ...]: import portal files and match their children."""

from pathlib import Path

from django.core.management.base import BaseCommand
from tqdm import tqdm

from portal_backoffice.intake.formats import FileRejected
from portal_backoffice.intake.models.choices import State
from portal_backoffice.intake.services.importing import incoming_file_import
from portal_backoffice.intake.services.match_index import match_index_locked

# The order and wording of the summary's lines.
SUMMARY_STATES = (
    (State.UNMATCHED, "Unmatched"),
    (State.MATCHED_WITH_CONFLICTS, "Matched with conflicts"),
    (State.PENDING, "Pending"),
    (State.PROCESSED, "Processed"),
    (State.INVALID, "Invalid"),
)


class Command(BaseCommand):
    help = (
        "Import one or more portal files (JSON or CSV). A rejected file is reported "
        "and the next one imported; the exit code is 1 when any file was rejected."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, help="Portal files to import.")
        parser.add_argument("--no-progress", action="store_true", help="Do not show progress bars.")

    def handle(self, *args, files: list[Path], no_progress: bool, **options):
        totals = {state: 0 for state, _ in SUMMARY_STATES}
        automatic = 0
        rejected = 0

        # Holding the index for the whole run opens its file once, not once per
        # file; other processes wait for it (see match_index_locked).
        with match_index_locked():
            for path in tqdm(
                files, desc="Files", unit="file", disable=no_progress or len(files) < 2
            ):
                try:
                    result = self._import_one(path, no_progress)
                except (FileRejected, OSError) as error:
                    rejected += 1
                    with tqdm.external_write_mode():
                        self.stderr.write(_message(path, error))
                    continue
                automatic += result.automatic_matches
                for state in totals:
                    totals[state] += result.counts.get(state, 0)

        self._summary(totals, automatic, imported=len(files) - rejected, rejected=rejected)
        if rejected:
            raise SystemExit(1)

    def _import_one(self, path: Path, no_progress: bool):
        content = path.read_bytes()
        with tqdm(desc=path.name, unit="child", leave=False, disable=no_progress) as bar:

            def progress(done: int, total: int) -> None:
                bar.total = total
                bar.n = done
                bar.refresh()

            return incoming_file_import(content=content, name=str(path), progress=progress)

    def _summary(self, totals: dict, automatic: int, *, imported: int, rejected: int) -> None:
        self.stdout.write(f"Files imported: {imported}, rejected: {rejected}")
        self.stdout.write(f"Matched automatically: {automatic}")
        for state, label in SUMMARY_STATES:
            self.stdout.write(f"{label}: {totals[state]}")


def _message(path: Path, error: Exception) -> str:
    """Return one line for a rejected file. A FileRejected message already names the file."""
    if isinstance(error, OSError):
        return f"Rejected {path}: the file cannot be read ({error.strerror or error})"
    return f"Rejected {error}"
