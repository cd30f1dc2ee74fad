"""The columns of the flat CSV portal file, and how a row maps to the JSON shape."""

HEADER_COLUMNS = (
    "schema_version",
    "file_id",
    "source",
    "module",
    "base_laestab",
    "portal_application_type",
    "created_at",
)
CHILD_COLUMNS = (
    "forename",
    "middle_names",
    "surname",
    "preferred_forename",
    "preferred_surname",
    "former_surname",
    "date_of_birth",
    "gender",
    "upn",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "ncy",
    "registration_group",
)
CARER_FIELDS = (
    "title",
    "forename",
    "middle_names",
    "surname",
    "date_of_birth",
    "gender",
    "ni_number",
    "nass_number",
    "address_line_1",
    "address_line_2",
    "town",
    "postcode",
    "phone",
    "email",
    "relationship",
    "parental_responsibility",
)
CARER_COUNT = 2
# Column prefix -> (JSON key, fields). The CSV carries at most one entry of each.
GROUP_COLUMNS = {
    "sen_": ("sen", ("provision", "need_type", "start_date", "end_date")),
    "exclusion_": ("exclusions", ("category", "start_date", "end_date", "reason", "sessions")),
    "looked_after_": ("looked_after", ("start_date", "end_date", "care_authority")),
}
LEAVER_COLUMNS = {
    "leaving_date": "leaving_date",
    "leaving_reason": "reason",
    "leaving_destination": "destination",
}
MODULE_PREFIX = "module_"
# Separates the codes in module_basis and the items in module_items.
LIST_SEPARATOR = ";"
REQUIRED_COLUMNS = (
    "schema_version",
    "file_id",
    "source",
    "module",
    "created_at",
    "forename",
    "surname",
    "date_of_birth",
)


def carer_columns(number: int) -> dict[str, str]:
    """Return column name -> carer field for carer 1 or 2."""
    return {f"carer_{number}_{field}": field for field in CARER_FIELDS}


def known_columns() -> set[str]:
    columns = set(HEADER_COLUMNS) | set(CHILD_COLUMNS) | set(LEAVER_COLUMNS)
    for number in range(1, CARER_COUNT + 1):
        columns |= set(carer_columns(number))
    for prefix, (_, fields) in GROUP_COLUMNS.items():
        columns |= {prefix + field for field in fields}
    return columns


def child_from_row(row: dict[str, str]) -> dict:
    """Return the child in the JSON shape, leaving out carers and groups with no values."""
    child: dict = {column: row[column] for column in CHILD_COLUMNS if column in row}

    carers = []
    for number in range(1, CARER_COUNT + 1):
        carer = _pick(row, carer_columns(number))
        if carer:
            carers.append(carer)
    child["carers"] = carers

    for prefix, (key, fields) in GROUP_COLUMNS.items():
        entry = _pick(row, {prefix + field: field for field in fields})
        if entry:
            child[key] = [entry]
    leaver = _pick(row, LEAVER_COLUMNS)
    if leaver:
        child["leaver"] = leaver

    child["module_data"] = _module_data(row)
    return child


def _pick(row: dict[str, str], columns: dict[str, str]) -> dict[str, str]:
    """Return the fields of the given columns, or {} when every one is blank."""
    picked = {field: row[column] for column, field in columns.items() if column in row}
    return picked if any(value.strip() for value in picked.values()) else {}


def _module_data(row: dict[str, str]) -> dict:
    data: dict = {}
    for column, value in row.items():
        if not column.startswith(MODULE_PREFIX):
            continue
        key = column[len(MODULE_PREFIX) :]
        parts = [part for part in value.split(LIST_SEPARATOR) if part.strip()]
        if key == "basis" and parts:
            data[key] = parts
        elif key == "items" and parts:
            data[key] = [_assessment_item(item) for item in parts]
        elif key not in ("basis", "items") and value.strip():
            data[key] = value
    return data


def _assessment_item(text: str) -> dict[str, str]:
    area, _, outcome = text.partition("=")
    return {"area": area, "outcome": outcome}
