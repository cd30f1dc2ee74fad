"""Read a file's header once the schema has accepted its structure."""

from datetime import datetime
from zoneinfo import ZoneInfo

from .types import FileHeader, FileRejected

UK_TIME = ZoneInfo("Europe/London")


def file_header_read(header: dict, *, created_at_where: str, base_where: str) -> FileHeader:
    """Build the header; the *_where texts name the file and the element or column."""
    try:
        created_at = datetime.fromisoformat(header["created_at"])
    except ValueError:
        raise FileRejected(
            f"{created_at_where}: {header['created_at']} is not a real date and time"
        ) from None
    if created_at.tzinfo is None:
        created_at = created_at.replace(tzinfo=UK_TIME)

    base = header["base"]
    application_type = base.get("portal_application_type", "")
    if application_type and application_type != header["module"]:
        raise FileRejected(
            f"{base_where}: the portal application type {application_type} does not match "
            f"the module {header['module']}"
        )
    return FileHeader(
        schema_version=header["schema_version"],
        file_id=header["file_id"],
        source=header["source"],
        module=header["module"],
        base_laestab=base.get("laestab", ""),
        portal_application_type=application_type,
        created_at=created_at,
    )
