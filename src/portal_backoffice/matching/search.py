"""Find the register students worth scoring against one partly filled-in query.

The Possible Matches page searches by any of forename, surname, date of
birth, gender, postcode and UPN. This builds one SELECT whose conditions are
the query's keys, so only students sharing something with it get scored.
"""

from typing import Any

from .keys import KEY_COLUMNS

# NOTE: an estimate of enough candidates for a real search. The slowest
# queries (a common forename alone) are cut here, after ranking, before scoring.
MAXIMUM_CANDIDATES = 300


def candidate_select_sql(query: dict[str, Any]) -> tuple[str | None, list[Any]]:
    """Build the candidate SELECT for a query's match keys.

    Return (None, []) when the query contains no key to search on.
    """
    conditions: list[str] = []
    parameters: list[Any] = []

    def add(condition: str, *values: Any) -> None:
        conditions.append(condition)
        parameters.extend(values)

    if query["upn"]:
        add("(upn = ? OR list_contains(former_upns, ?))", query["upn"], query["upn"])
    if query["dob"]:
        dob = query["dob"]
        add("dob = ?", dob)
        if dob.day <= 12:
            add("dob = make_date(?, ?, ?)", dob.year, dob.day, dob.month)
    if query["surname"]:
        add(
            "(surname_key = ? OR list_has_any(surname_parts, ?)"
            " OR list_contains(former_surnames, ?)"
            " OR jaro_winkler_similarity(surname, ?) >= 0.88)",
            query["surname_key"],
            query["surname_parts"],
            query["surname"],
            query["surname"],
        )
    if query["forename"]:
        add("list_has_any(forename_keys, ?)", query["forename_keys"])
    if query["postcode"]:
        add("postcode = ?", query["postcode"])
    if not conditions:
        return None, []

    # With a surname or date of birth given, the forename only ranks
    # candidates. Otherwise every Oliver would be scored against a full query.
    selecting = conditions
    if query["forename"] and (query["surname"] or query["dob"]):
        selecting = [condition for condition in conditions if "forename_keys" not in condition]
    where = " OR ".join(selecting)
    where_parameters = _parameters_for(conditions, parameters, selecting)
    # Students sharing more keys come first, so the cut keeps the likeliest.
    shared_keys = " + ".join(f"CAST(({condition}) AS INTEGER)" for condition in conditions)
    columns = ", ".join(KEY_COLUMNS)
    sql = (
        # Conditions are this module's constants; values go in as parameters.
        f"SELECT {columns} FROM store.register_keys WHERE {where}"  # noqa: S608
        f" ORDER BY {shared_keys} DESC, unique_id LIMIT {MAXIMUM_CANDIDATES}"
    )
    return sql, where_parameters + parameters


def _parameters_for(conditions: list[str], parameters: list[Any], chosen: list[str]) -> list[Any]:
    """Return the parameters of the chosen conditions, in order."""
    chosen_parameters: list[Any] = []
    position = 0
    for condition in conditions:
        count = condition.count("?")
        if condition in chosen:
            chosen_parameters.extend(parameters[position : position + count])
        position += count
    return chosen_parameters
