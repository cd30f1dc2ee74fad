"""manage.py import FILE [FILE ...]: import portal files and match their children."""

from collections.abc import Iterator
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction
from tqdm import tqdm

from portal_backoffice.intake.formats import FileRejected
from portal_backoffice.intake.models.choices import State
from portal_backoffice.intake.services.importing import (
    ImportResult,
    import_groups,
    incoming_file_import,
    incoming_files_prepare,
    incoming_files_store,
)
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
        "and the others imported; the exit code is 1 when any file was rejected. "
        "Files are matched and stored together, in groups of up to "
        "PORTAL_MAX_UPLOAD_BYTES in all."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, help="Portal files to import.")
        parser.add_argument("--no-progress", action="store_true", help="Do not show progress bars.")

    def handle(self, *args, files: list[Path], no_progress: bool, **options):
        self._totals = {state: 0 for state, _ in SUMMARY_STATES}
        self._automatic = 0
        self._imported = 0
        self._rejected = 0

        # Holding the index for the whole command opens its file once; other
        # processes wait for it (see match_index_locked).
        with match_index_locked():
            for group in self._groups(files):
                self._import_group(group, no_progress)

        self._summary()
        if self._rejected:
            raise SystemExit(1)

    def _groups(self, paths: list[Path]) -> Iterator[list[tuple[Path, bytes | OSError]]]:
        """Read the files and yield them in groups, each with its content or OSError."""
        return import_groups(
            ((path, _read(path)) for path in paths),
            size=lambda item: len(item[1]) if isinstance(item[1], bytes) else 0,
        )

    def _import_group(self, group: list[tuple[Path, bytes | OSError]], no_progress: bool) -> None:
        readable = [(str(path), content) for path, content in group if isinstance(content, bytes)]
        with tqdm(desc=f"{len(readable)} files", unit="child", disable=no_progress) as bar:

            def progress(done: int, total: int) -> None:
                bar.total = total
                bar.n = done
                bar.refresh()

            prepared = incoming_files_prepare(readable, progress=progress)

        # Each rejection is reported in the order the files were given.
        rejections = iter(prepared.rejected.get(number) for number in range(len(readable)))
        for path, content in group:
            if isinstance(content, OSError):
                self._reject(
                    f"Rejected {path}: the file cannot be read ({content.strerror or content})"
                )
            elif (rejection := next(rejections)) is not None:
                self._reject(f"Rejected {rejection}")

        try:
            with transaction.atomic():
                results = incoming_files_store(prepared)
        except FileRejected:
            # Another process imported one of the files meanwhile, so the
            # group's files are imported one at a time and that one rejected.
            files = [(file.parsed.name, file.content) for file in prepared.files]
            results = self._import_one_by_one(files)
        for result in results:
            self._count(result)

    def _import_one_by_one(self, files: list[tuple[str, bytes]]) -> list[ImportResult]:
        results = []
        for name, content in files:
            try:
                results.append(incoming_file_import(content=content, name=name))
            except FileRejected as rejection:
                self._reject(f"Rejected {rejection}")
        return results

    def _count(self, result: ImportResult) -> None:
        self._imported += 1
        self._automatic += result.automatic_matches
        for state in self._totals:
            self._totals[state] += result.counts.get(state, 0)

    def _reject(self, message: str) -> None:
        self._rejected += 1
        with tqdm.external_write_mode():
            self.stderr.write(message)

    def _summary(self) -> None:
        self.stdout.write(f"Files imported: {self._imported}, rejected: {self._rejected}")
        self.stdout.write(f"Matched automatically: {self._automatic}")
        for state, label in SUMMARY_STATES:
            self.stdout.write(f"{label}: {self._totals[state]}")


def _read(path: Path) -> bytes | OSError:
    try:
        return path.read_bytes()
    except OSError as error:
        return error
