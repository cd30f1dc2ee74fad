"""Turn incoming files into the rows the files tab shows."""

from dataclasses import dataclass

from portal_backoffice.intake.models import IncomingFile
from portal_backoffice.intake.models.choices import Module, Source

from .presenters import uk_date_time


@dataclass(frozen=True)
class IncomingFileRow:
    """One row of the files tab."""

    id: int
    file_id: str
    source: str
    module: str
    base: str
    created_at: str
    imported_at: str
    unmatched: int
    pending: int
    matched_with_conflicts: int
    ticked: bool


def incoming_file_row(incoming_file: IncomingFile, *, ticked: bool = False) -> IncomingFileRow:
    """Return the row of a file annotated by incoming_files_outstanding."""
    return IncomingFileRow(
        id=incoming_file.pk,
        file_id=incoming_file.file_id,
        source=Source(incoming_file.source).label,
        module=Module(incoming_file.module).label,
        base=incoming_file.base.name,
        created_at=uk_date_time(incoming_file.created_at),
        imported_at=uk_date_time(incoming_file.imported_at),
        unmatched=incoming_file.unmatched,
        pending=incoming_file.pending,
        matched_with_conflicts=incoming_file.matched_with_conflicts,
        ticked=ticked,
    )
