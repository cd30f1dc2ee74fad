"""Find the register students worth scoring against one partly filled-in query.

The Possible Matches page searches by any of forename, surname, date of
birth, gender, postcode and UPN. A scan of the whole register for each search
costs hundreds of milliseconds at a million students, so the index keeps a
second table, search_keys: one row per (key, student), where a key is a
field's kind and value ("d:2019-04-02", "p:ZZ1 1AA"), stored as its 64-bit
hash and sorted by it. A search looks up the query's keys there, which reads
a few blocks of the table.

A surname or a forename alone is shared by thousands of students, so those
two are keyed together ("n:khan|aisha"); each alone is looked up only when
the query gives nothing else to search by.
"""

from typing import Any

# NOTE: an estimate of enough candidates for a real search: fetching and
# scoring each costs about 0.2 ms at a million students. The slowest queries
# (a common surname alone) are cut here, after ranking, before scoring.
MAXIMUM_CANDIDATES = 100

# Surnames this similar to the query's (Jaro-Winkler) are searched for too.
SIMILAR_SURNAME = 0.88

# Bits for the fields a key shares with a student.
_UPN, _DOB, _DOB_SWAPPED, _SURNAME, _FORENAME, _POSTCODE = (1, 2, 4, 8, 16, 32)

# When more than MAXIMUM_CANDIDATES students share a key, those sharing the
# strongest evidence are scored. Each shared field adds roughly its match
# weight in the model (a UPN most, a swapped date little). So a student with
# the same date of birth and home outranks one who only shares a common name.
_SHARE_WEIGHTS = {_UPN: 10, _DOB: 5, _DOB_SWAPPED: 2, _POSTCODE: 4, _SURNAME: 3, _FORENAME: 3}
_RANK_SQL = " + ".join(
    f"CASE WHEN bit_or(query.share) & {bit} <> 0 THEN {weight} ELSE 0 END"
    for bit, weight in _SHARE_WEIGHTS.items()
)

# The keys of each register student, from a table with the match-key columns.
# A UPN and a former UPN share a kind, and so do a surname, its parts and
# former surnames, so that a query's surname finds any of them.
_KEY_ROWS = """
    WITH surnames AS (
        SELECT unique_id, unnest(list_distinct(list_concat(
            [surname_key], surname_parts, former_surnames))) AS surname
        FROM {source}
    ),
    forenames AS (SELECT unique_id, unnest(forename_keys) AS forename FROM {source})
    SELECT unique_id, 'u:' || upn AS key FROM {source} WHERE upn IS NOT NULL
    UNION ALL SELECT unique_id, 'u:' || unnest(former_upns) FROM {source}
    UNION ALL SELECT unique_id, 'd:' || CAST(dob AS VARCHAR) FROM {source} WHERE dob IS NOT NULL
    UNION ALL SELECT unique_id, 'p:' || postcode FROM {source} WHERE postcode IS NOT NULL
    UNION ALL SELECT unique_id, 's:' || surname FROM surnames WHERE surname IS NOT NULL
    UNION ALL SELECT unique_id, 'f:' || forename FROM forenames
    UNION ALL SELECT s.unique_id, 'n:' || s.surname || '|' || f.forename
        FROM surnames AS s JOIN forenames AS f USING (unique_id) WHERE s.surname IS NOT NULL
"""

SEARCH_KEYS_COLUMNS = "key_hash UBIGINT, unique_id BIGINT"


def search_keys_select_sql(source: str) -> str:
    """Return a SELECT of (key_hash, unique_id) for every student in source, sorted by hash.

    source is a table name chosen by the caller, never input.
    """
    rows = _KEY_ROWS.format(source=source)
    return f"SELECT DISTINCT hash(key) AS key_hash, unique_id FROM ({rows}) ORDER BY key_hash"  # noqa: S608


def query_search_keys(query: dict[str, Any], similar_surnames: list[str]) -> list[tuple[str, int]]:
    """Return the query's search keys, each with the bits of what it shares."""
    keys: list[tuple[str, int]] = []
    if query["upn"]:
        keys.append((f"u:{query['upn']}", _UPN))
    dob = query["dob"]
    if dob:
        keys.append((f"d:{dob.isoformat()}", _DOB))
        if dob.day <= 12 and dob.day != dob.month:
            swapped = dob.replace(day=dob.month, month=dob.day)
            keys.append((f"d:{swapped.isoformat()}", _DOB_SWAPPED))
    if query["postcode"]:
        keys.append((f"p:{query['postcode']}", _POSTCODE))

    surnames = set()
    if query["surname"]:
        surnames = {query["surname"], query["surname_key"], *query["surname_parts"]}
        surnames.update(similar_surnames)
        surnames.discard(None)
    forenames = set(query["forename_keys"] or ()) if query["forename"] else set()

    if surnames and forenames:
        keys.extend(
            (f"n:{surname}|{forename}", _SURNAME | _FORENAME)
            for surname in sorted(surnames)
            for forename in sorted(forenames)
        )
    nothing_else = not keys
    if surnames and not forenames and nothing_else:
        keys.extend((f"s:{surname}", _SURNAME) for surname in sorted(surnames))
    if forenames and not surnames and nothing_else:
        keys.extend((f"f:{forename}", _FORENAME) for forename in sorted(forenames))
    return keys


def candidate_ids_sql(hashes: list[int], shares: list[int]) -> str:
    """Return a SELECT of the ids of the students to score, likeliest first.

    hashes are the query keys' hashes (computed by DuckDB's hash), and shares
    are their bits. Both are integers, so they are written into the SQL, which
    lets DuckDB skip every block of search_keys outside those hashes.
    """
    values = ", ".join(
        f"({int(key_hash)}, {int(share)})" for key_hash, share in zip(hashes, shares, strict=True)
    )
    hash_list = ", ".join(str(int(key_hash)) for key_hash in hashes)
    return f"""
        SELECT k.unique_id
        FROM store.search_keys AS k
        JOIN (VALUES {values}) AS query(key_hash, share) USING (key_hash)
        WHERE k.key_hash IN ({hash_list})
        GROUP BY k.unique_id
        ORDER BY {_RANK_SQL} DESC, k.unique_id
        LIMIT {MAXIMUM_CANDIDATES}
    """  # noqa: S608 (integers and constants only)
