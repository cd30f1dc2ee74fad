"""Turn a ChildRecord into the match keys the model compares.

Both sides of every comparison go through this one function, so an incoming
child and a register student are always normalised the same way.
"""

from collections.abc import Iterable
from typing import Any

import pyarrow as pa

from . import normalise
from .identifiers import postcode_district, postcode_sector
from .nicknames import forename_keys, surname_key
from .records import ChildRecord

_TEXT_LIST = pa.list_(pa.string())

KEY_SCHEMA = pa.schema(
    [
        ("unique_id", pa.int64()),
        ("forename", pa.string()),
        ("forename_keys", _TEXT_LIST),
        ("forename_parts", _TEXT_LIST),
        ("forename_block", pa.string()),
        ("middle", pa.string()),
        ("middle_parts", _TEXT_LIST),
        ("surname", pa.string()),
        ("surname_key", pa.string()),
        ("surname_parts", _TEXT_LIST),
        ("former_surnames", _TEXT_LIST),
        ("dob", pa.date32()),
        ("birth_year", pa.int32()),
        ("gender", pa.string()),
        ("postcode", pa.string()),
        ("postcode_sector", pa.string()),
        ("postcode_district", pa.string()),
        ("address", pa.string()),
        ("upn", pa.string()),
        ("former_upns", _TEXT_LIST),
        ("carer_keys", _TEXT_LIST),
        ("carer_forenames", _TEXT_LIST),
        ("first_carer_forename", pa.string()),
        ("base", pa.string()),
    ]
)

KEY_COLUMNS = tuple(KEY_SCHEMA.names)


def _present(values: Iterable[str | None]) -> list[str]:
    return sorted({value for value in values if value})


def carer_keys(carer_names: Iterable[tuple[str, str]]) -> list[str] | None:
    """Return the short-form group of each carer's forename, or None if no carer has one.

    Carers mostly share the child's surname, which the surname comparison
    counts already, so the carers' surnames are left out: with them, two
    families of a common surname would look like one family.
    """
    keys = {forename_keys(forename)[0] for forename, _ in carer_names if forename_keys(forename)}
    return sorted(keys) or None


def child_keys(record: ChildRecord) -> dict[str, Any]:
    """Return the match keys of one child, with None for anything missing."""
    forename = normalise.normalise_forename(record.forename)
    surname = normalise.normalise_name(record.surname)
    dob = normalise.normalise_date(record.date_of_birth)
    postcode = normalise.normalise_postcode(record.postcode)
    keys = list(forename_keys(record.forename))
    # The first contact's forename key first, then the other carers'.
    carer_forenames = [
        next(iter(forename_keys(forename)), None) for forename, _ in record.carer_names
    ]

    return {
        "unique_id": record.record_id,
        "forename": forename,
        "forename_keys": keys,
        "forename_parts": list(normalise.name_parts(forename)),
        "forename_block": keys[0] if keys else None,
        "middle": normalise.normalise_name(record.middle_names),
        "middle_parts": list(normalise.name_parts(record.middle_names)),
        "surname": surname,
        "surname_key": surname_key(record.surname),
        "surname_parts": list(normalise.name_parts(surname)),
        "former_surnames": _present(
            normalise.normalise_name(name) for name in record.former_surnames
        ),
        "dob": dob,
        "birth_year": dob.year if dob else None,
        "gender": normalise.normalise_gender(record.gender),
        "postcode": postcode,
        "postcode_sector": postcode_sector(postcode) or None if postcode else None,
        "postcode_district": postcode_district(postcode) or None if postcode else None,
        "address": normalise.normalise_address_line(
            record.address_line_1, expand_street_words=True
        ),
        "upn": normalise.normalise_upn(record.upn),
        "former_upns": _present(normalise.normalise_upn(upn) for upn in record.former_upns),
        "carer_keys": carer_keys(record.carer_names),
        "carer_forenames": _present(carer_forenames),
        "first_carer_forename": carer_forenames[0] if carer_forenames else None,
        "base": record.base.strip() or None,
    }


def keys_table(records: Iterable[ChildRecord]) -> pa.Table:
    """Build an Arrow table of match keys, one row per record."""
    rows = [child_keys(record) for record in records]
    return pa.Table.from_pylist(rows, schema=KEY_SCHEMA)
