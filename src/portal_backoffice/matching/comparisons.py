"""The child model's comparisons, blocking rules and hand-set m and u probabilities.

Each level is a DuckDB SQL condition over the match keys of the incoming
record (suffix _l) and the register student (suffix _r), which keys.py
defines. Levels are tried in order and the first true one counts. The label
is the level's code, which decide.py and explain.py read.

The m and u probabilities here are reasoned, not measured: m is how often a
true match lands in the level, u how often two different children do. train.py
re-estimates them on a register and writes a new model version.
"""

from typing import Any

# Prior that an incoming child and one register student are the same child,
# for a register of about 100,000. MatchIndex replaces it with one that fits
# the register's actual size.
PROBABILITY_TWO_RANDOM_RECORDS_MATCH = 1e-5

# A true match whose forenames share nothing (no short form, no spelling, no
# middle name) is rare: mostly a parent's forename typed in the child's box.
# Twins and siblings always look like this, and training on pairs that
# include them would push m up, so m stays fixed at this small value. It is
# small enough to keep a twin from looking like a sure match, but large enough
# that a child sent with a parent's forename is still offered. decide.py never
# matches such a pair automatically.
FORENAME_DIFFERENT_M = 0.01

# The synthetic LA puts a parent's forename in about 1 held child in 150
# (measured at 100,000 students). m stays fixed at a smaller, cautious
# value, because so few labelled pairs would give an unsteady estimate.
CARER_FORENAME_M = 0.005

# Level spec: (label, SQL condition, m, u); m and u are None for the null level.
LevelSpec = tuple[str, str, float | None, float | None]


def _jw(column: str, threshold: float) -> str:
    return f"jaro_winkler_similarity({column}_l, {column}_r) >= {threshold}"


def _typo(column: str) -> str:
    """Build the condition for one typing error: close by Jaro-Winkler, or one edit apart.

    Short names need the edit distance: Ivy and Iyv score low on Jaro-Winkler.
    """
    return f"{_jw(column, 0.92)} OR damerau_levenshtein({column}_l, {column}_r) <= 1"


FORENAME_LEVELS: list[LevelSpec] = [
    ("null", "forename_l IS NULL OR forename_r IS NULL", None, None),
    ("exact", "forename_l = forename_r", 0.90, 0.005),
    ("nickname", "list_has_any(forename_keys_l, forename_keys_r)", 0.04, 0.002),
    ("typo", _typo("forename"), 0.03, 0.003),
    (
        "middle_name",
        "list_has_any(forename_parts_l, middle_parts_r)"
        " OR list_has_any(middle_parts_l, forename_parts_r)"
        " OR list_has_any(forename_parts_l, forename_parts_r)",
        0.01,
        0.002,
    ),
    ("similar", _jw("forename", 0.80), 0.0099, 0.03),
    # A parent's forename typed in the child's box: the forename is one of
    # the other record's carers'. Brothers and sisters share carers too, so
    # this only brings the family into the possible matches, and decide.py
    # never matches it automatically.
    (
        "carer_forename",
        "list_has_any(forename_keys_l, carer_forenames_r)"
        " OR list_has_any(carer_forenames_l, forename_keys_r)",
        CARER_FORENAME_M,
        0.005,
    ),
    ("different", "ELSE", FORENAME_DIFFERENT_M, 0.953),
]

MIDDLE_NAMES_LEVELS: list[LevelSpec] = [
    ("null", "middle_l IS NULL OR middle_r IS NULL", None, None),
    ("exact", "middle_l = middle_r", 0.90, 0.01),
    ("part", "list_has_any(middle_parts_l, middle_parts_r)", 0.05, 0.01),
    ("different", "ELSE", 0.05, 0.98),
]

SURNAME_LEVELS: list[LevelSpec] = [
    ("null", "surname_l IS NULL OR surname_r IS NULL", None, None),
    ("exact", "surname_l = surname_r", 0.88, 0.002),
    ("spelling", "surname_key_l = surname_key_r", 0.02, 0.0002),
    (
        "former_surname",
        "list_contains(former_surnames_r, surname_l)"
        " OR list_contains(former_surnames_l, surname_r)",
        0.03,
        0.0001,
    ),
    ("typo", _typo("surname"), 0.03, 0.002),
    ("part", "list_has_any(surname_parts_l, surname_parts_r)", 0.02, 0.0005),
    ("similar", _jw("surname", 0.80), 0.01, 0.02),
    ("different", "ELSE", 0.01, 0.9753),
]

# Names swapped between the boxes make forename and surname both disagree.
# The swapped level gives that back, and as much again as two agreeing
# names, so the pair is found and offered. decide.py never matches it
# automatically.
NAME_ORDER_LEVELS: list[LevelSpec] = [
    (
        "null",
        "forename_l IS NULL OR forename_r IS NULL OR surname_l IS NULL OR surname_r IS NULL",
        None,
        None,
    ),
    (
        "swapped",
        "forename_l = surname_r AND surname_l = forename_r AND forename_l <> surname_l",
        0.002,
        1e-13,
    ),
    ("same_order", "ELSE", 0.998, 1.0 - 1e-13),
]

DATE_OF_BIRTH_LEVELS: list[LevelSpec] = [
    ("null", "dob_l IS NULL OR dob_r IS NULL", None, None),
    ("exact", "dob_l = dob_r", 0.93, 0.00018),
    (
        "day_month_swapped",
        "year(dob_l) = year(dob_r) AND day(dob_l) = month(dob_r) AND month(dob_l) = day(dob_r)",
        0.01,
        0.0002,
    ),
    (
        "one_part_different",
        "(year(dob_l) = year(dob_r) AND month(dob_l) = month(dob_r))"
        " OR (year(dob_l) = year(dob_r) AND day(dob_l) = day(dob_r))"
        " OR (month(dob_l) = month(dob_r) AND day(dob_l) = day(dob_r))",
        0.04,
        0.01,
    ),
    ("within_a_year", "abs(date_diff('day', dob_l, dob_r)) <= 366", 0.019, 0.08),
    # A date a generation apart is a parent's date of birth typed in the
    # child's record, not a different child's.
    ("a_generation_apart", "abs(date_diff('year', dob_l, dob_r)) >= 16", 0.002, 0.01),
    # Dates this far apart, with none of the patterns above, almost never
    # belong to one child; this keeps a new sibling from being offered.
    ("different", "ELSE", 0.0003, 0.89962),
]

GENDER_LEVELS: list[LevelSpec] = [
    ("null", "gender_l IS NULL OR gender_r IS NULL", None, None),
    ("same", "gender_l = gender_r", 0.995, 0.5),
    ("different", "ELSE", 0.005, 0.5),
]

# Postcode and first address line describe one thing, the home, so they are
# one comparison: counting them separately would count one fact twice.
HOUSEHOLD_LEVELS: list[LevelSpec] = [
    ("null", "postcode_l IS NULL OR postcode_r IS NULL", None, None),
    (
        "same_home",
        "postcode_l = postcode_r AND (address_l = address_r"
        " OR jaro_winkler_similarity(address_l, address_r) >= 0.9)",
        0.80,
        # Brothers and sisters share a home: about 1 random pair in 20,000.
        5e-5,
    ),
    ("postcode", "postcode_l = postcode_r", 0.03, 2e-5),
    ("sector", "postcode_sector_l = postcode_sector_r", 0.04, 0.002),
    ("district", "postcode_district_l = postcode_district_r", 0.03, 0.01),
    ("different", "ELSE", 0.10, 0.98793),
]

UPN_LEVELS: list[LevelSpec] = [
    ("null", "upn_l IS NULL OR upn_r IS NULL", None, None),
    ("exact", "upn_l = upn_r", 0.95, 1e-7),
    (
        "former_upn",
        "list_contains(former_upns_r, upn_l) OR list_contains(former_upns_l, upn_r)",
        0.02,
        1e-7,
    ),
    ("different", "ELSE", 0.03, 1.0 - 2e-7),
]

# A carer's forename on both records is evidence of one child after a move
# of house (keys.py says why surnames are left out). At the same postcode it
# adds nothing, because brothers and sisters share a home and carers alike
# and the household comparison has counted the home already. So a shared
# postcode gives a neutral level with m equal to u. decide.py counts a shared
# carer as family for its twin rules.
# NOTE: the other m values are estimates for children whose postcode
# changed, set by hand. Training on all labelled pairs would mix in the
# children who did not move, and the synthetic LA copies carers' names exactly.
CARERS_LEVELS: list[LevelSpec] = [
    ("null", "carer_keys_l IS NULL OR carer_keys_r IS NULL", None, None),
    ("same_postcode", "postcode_l = postcode_r", 0.5, 0.5),
    # Two or more carers, all named on the other record too: two parents'
    # forenames together are far rarer than one.
    (
        "all_carers",
        "(len(carer_keys_l) >= 2 AND list_has_all(carer_keys_r, carer_keys_l))"
        " OR (len(carer_keys_r) >= 2 AND list_has_all(carer_keys_l, carer_keys_r))",
        0.4,
        1e-6,
    ),
    ("same_carer", "list_has_any(carer_keys_l, carer_keys_r)", 0.4, 0.002),
    ("different", "ELSE", 0.2, 0.998),
]

# The nursery or school that sent a provider file against the one the
# register gives. A child who changed nursery or school since the register
# was updated comes from another one, so m is set by hand: the synthetic LA
# never moves a child and would teach that a different base rules a match out.
BASE_LEVELS: list[LevelSpec] = [
    ("null", "base_l IS NULL OR base_r IS NULL", None, None),
    ("same", "base_l = base_r", 0.9, 0.03),
    ("different", "ELSE", 0.1, 0.97),
]

# (output column name, description, levels, term-frequency column)
COMPARISONS: list[tuple[str, str, list[LevelSpec], str | None]] = [
    ("forename", "Forename", FORENAME_LEVELS, "forename"),
    ("middle_names", "Middle names", MIDDLE_NAMES_LEVELS, None),
    ("surname", "Surname", SURNAME_LEVELS, "surname"),
    ("name_order", "Forename and surname swapped", NAME_ORDER_LEVELS, None),
    ("date_of_birth", "Date of birth", DATE_OF_BIRTH_LEVELS, None),
    ("gender", "Gender", GENDER_LEVELS, None),
    ("household", "Postcode and first address line", HOUSEHOLD_LEVELS, None),
    ("upn", "UPN", UPN_LEVELS, None),
    ("carers", "Carers' names", CARERS_LEVELS, None),
    ("base", "Nursery or school", BASE_LEVELS, None),
]

# Each rule finds candidate pairs that the others may miss. Together they
# cover a typo in any one field, a day and month swap, a placeholder date of
# birth, a move of house, forename and surname swapped, and a parent's
# details in the child's boxes.
#
# No rule joins on one common key alone, such as a date of birth, or a surname
# and a year of birth. In a register of 1,000,000 children each of those pairs
# an incoming child with hundreds of students, and scoring them costs minutes.
# Each rule here joins on two or more keys, so the pairs per incoming child
# stay in the tens as the register grows.
BLOCKING_RULES = [
    "l.upn = r.upn",
    "l.dob = r.dob AND l.postcode_district = r.postcode_district",
    "l.dob = r.dob AND l.forename[1] = r.forename[1]",
    "l.dob = r.dob AND l.surname[1] = r.surname[1]",
    # Forename and surname swapped, or both changed: the first contact stays.
    "l.dob = r.dob AND l.first_carer_forename = r.first_carer_forename",
    "l.surname_key = r.surname_key AND l.forename_block = r.forename_block"
    " AND l.birth_year = r.birth_year",
    "l.postcode = r.postcode AND l.birth_year = r.birth_year",
    "l.postcode = r.postcode AND l.surname_key = r.surname_key",
    "l.postcode = r.postcode AND l.forename_block = r.forename_block",
    "l.postcode = r.postcode AND l.first_carer_forename = r.first_carer_forename",
    # A parent's forename in the child's boxes: the first contact's forename.
    "l.forename_block = r.first_carer_forename AND l.postcode = r.postcode",
    "l.forename_block = r.first_carer_forename AND l.surname_key = r.surname_key",
    # A child sent without a date of birth after a move of house has only the
    # names left to find it by, so these rules pair only children without a date.
    "l.surname_key = r.surname_key AND l.forename_block = r.forename_block AND l.dob IS NULL",
    "l.surname_key = r.surname_key AND l.first_carer_forename = r.first_carer_forename"
    " AND l.dob IS NULL",
]


# Levels whose m probability training leaves alone: (comparison, level label).
FIXED_M_LEVELS = {
    ("forename", "different"),
    ("forename", "carer_forename"),
    ("carers", "same_postcode"),
    ("carers", "all_carers"),
    ("carers", "same_carer"),
    ("carers", "different"),
    ("base", "same"),
    ("base", "different"),
}
# Levels whose u probability training leaves alone.
FIXED_U_LEVELS = {("carers", "same_postcode")}


def _level_dict(comparison: str, spec: LevelSpec, tf_column: str | None) -> dict[str, Any]:
    label, sql, m, u = spec
    if label == "null":
        return {"sql_condition": sql, "label_for_charts": label, "is_null_level": True}
    level: dict[str, Any] = {
        "sql_condition": sql,
        "label_for_charts": label,
        "m_probability": m,
        "u_probability": u,
    }
    if label == "exact" and tf_column:
        level["tf_adjustment_column"] = tf_column
        level["tf_adjustment_weight"] = 1.0
    if (comparison, label) in FIXED_M_LEVELS:
        level["fix_m_probability"] = True
    if (comparison, label) in FIXED_U_LEVELS:
        level["fix_u_probability"] = True
    return level


def hand_set_settings() -> dict[str, Any]:
    """Build the Splink settings of the hand-set child model."""
    return {
        "link_type": "link_only",
        "unique_id_column_name": "unique_id",
        "probability_two_random_records_match": PROBABILITY_TWO_RANDOM_RECORDS_MATCH,
        "blocking_rules_to_generate_predictions": list(BLOCKING_RULES),
        "retain_matching_columns": True,
        "retain_intermediate_calculation_columns": True,
        "comparisons": [
            {
                "output_column_name": name,
                "comparison_description": description,
                "comparison_levels": [_level_dict(name, spec, tf_column) for spec in levels],
            }
            for name, description, levels, tf_column in COMPARISONS
        ],
    }
