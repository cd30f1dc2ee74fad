"""Match models for a record type declared as a list of columns, each with a role.

The child model's comparisons are written by hand for children
(comparisons.py). Other records, such as the adults of a linkage benchmark,
are declared instead. Each column gets a role (identifier, name, date, text,
code or category). From the roles this module builds the match keys, the
Splink comparisons with starting m and u, and the blocking rules.
train_unsupervised.py then estimates m and u on the data itself.

The starting m and u below are round guesses written before any training,
not measurements. They only seed expectation maximisation and random sampling.
"""

import enum
import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pyarrow as pa

from . import normalise
from .comparisons import PROBABILITY_TWO_RANDOM_RECORDS_MATCH
from .index import KeyLayout
from .model import MatchModel
from .records import RecordId

_COLUMN_NAME = re.compile(r"[a-z][a-z0-9_]*")
_NOT_ALPHANUMERIC = re.compile(r"[^0-9a-z]")


class Role(enum.StrEnum):
    """What a column holds, which decides how it is normalised and compared."""

    # A personal number, such as an NI number or a social security number.
    IDENTIFIER = "identifier"
    NAME = "name"
    DATE = "date"
    # Free text such as an address line or a town.
    TEXT = "text"
    # A short code where one character may be mistyped: a postcode, a house number.
    CODE = "code"
    # One of a few values, such as a state or region.
    CATEGORY = "category"


@dataclass(frozen=True, slots=True)
class DeclaredColumn:
    """One column of a declared record type."""

    name: str
    role: Role
    description: str
    # Whether blocking rules join on this column. Every pair of blocking
    # columns makes one rule, so a true pair is found when any two of them
    # are on both records exactly.
    blocking: bool = False


@dataclass(frozen=True, slots=True)
class DeclaredRecord:
    """One record's raw values by column name. A column left out counts as missing."""

    record_id: RecordId
    values: Mapping[str, object] = field(default_factory=dict)


# (label, SQL condition with {c} for the column, starting m, starting u)
_LevelSpec = tuple[str, str, float, float]


def _edits(limit: int) -> str:
    return f"damerau_levenshtein({{c}}_l, {{c}}_r) <= {limit}"


def _jaro_winkler(threshold: float) -> str:
    return f"jaro_winkler_similarity({{c}}_l, {{c}}_r) >= {threshold}"


_DATE_TEXT = "strftime({c}_{side}, '%Y%m%d')"

_LEVELS: dict[Role, list[_LevelSpec]] = {
    Role.IDENTIFIER: [
        ("exact", "{c}_l = {c}_r", 0.9, 1e-6),
        ("one_edit", _edits(1), 0.05, 1e-4),
        ("two_edits", _edits(2), 0.02, 1e-3),
        ("different", "ELSE", 0.03, 0.999),
    ],
    Role.NAME: [
        ("exact", "{c}_l = {c}_r", 0.85, 0.005),
        ("typo", f"{_jaro_winkler(0.92)} OR {_edits(1)}", 0.08, 0.002),
        ("similar", _jaro_winkler(0.80), 0.04, 0.02),
        ("different", "ELSE", 0.03, 0.973),
    ],
    Role.DATE: [
        ("exact", "{c}_l = {c}_r", 0.9, 1e-4),
        (
            "day_month_swapped",
            "year({c}_l) = year({c}_r) AND day({c}_l) = month({c}_r) AND month({c}_l) = day({c}_r)",
            0.01,
            1e-5,
        ),
        (
            "one_digit_different",
            "damerau_levenshtein("
            + _DATE_TEXT.format(c="{c}", side="l")
            + ", "
            + _DATE_TEXT.format(c="{c}", side="r")
            + ") <= 1",
            0.05,
            1e-3,
        ),
        (
            "one_part_different",
            "(year({c}_l) = year({c}_r) AND month({c}_l) = month({c}_r))"
            " OR (year({c}_l) = year({c}_r) AND day({c}_l) = day({c}_r))"
            " OR (month({c}_l) = month({c}_r) AND day({c}_l) = day({c}_r))",
            0.02,
            0.01,
        ),
        ("different", "ELSE", 0.02, 0.989),
    ],
    Role.TEXT: [
        ("exact", "{c}_l = {c}_r", 0.85, 0.001),
        ("close", _jaro_winkler(0.90), 0.08, 0.002),
        ("similar", _jaro_winkler(0.70), 0.04, 0.05),
        ("different", "ELSE", 0.03, 0.947),
    ],
    Role.CODE: [
        ("exact", "{c}_l = {c}_r", 0.9, 0.001),
        ("one_edit", _edits(1), 0.07, 0.01),
        ("different", "ELSE", 0.03, 0.989),
    ],
    Role.CATEGORY: [
        ("exact", "{c}_l = {c}_r", 0.95, 0.3),
        ("different", "ELSE", 0.05, 0.7),
    ],
}


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()


def _compact(value: object) -> str | None:
    """Fold a value and keep only its letters and digits."""
    return _NOT_ALPHANUMERIC.sub("", normalise.fold_text(_text(value))) or None


def _date(value: object) -> date | None:
    """Read a date, or text as YYYYMMDD or YYYY-MM-DD. Anything else counts as missing."""
    if isinstance(value, date):
        return normalise.normalise_date(value)
    digits = _text(value).replace("-", "")
    if len(digits) != 8 or not digits.isdigit():
        return None
    try:
        parsed = date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return None
    return normalise.normalise_date(parsed)


_NORMALISERS = {
    Role.IDENTIFIER: _compact,
    Role.NAME: lambda value: normalise.normalise_name(_text(value)),
    Role.DATE: _date,
    Role.TEXT: lambda value: normalise.normalise_address_line(
        _text(value), expand_street_words=True
    ),
    Role.CODE: _compact,
    Role.CATEGORY: lambda value: normalise.fold_text(_text(value)) or None,
}


@dataclass(frozen=True)
class RecordType:
    """A kind of record declared as columns with roles, and the match model parts built from it.

    Raises ValueError for a column name that is not lower-case snake case,
    a repeated name, or fewer than two blocking columns.
    """

    name: str
    columns: tuple[DeclaredColumn, ...]

    def __post_init__(self):
        names = [column.name for column in self.columns]
        for name in names:
            if not _COLUMN_NAME.fullmatch(name) or name == "unique_id":
                raise ValueError(
                    f"Column name {name!r} is invalid: use lower-case letters, digits and "
                    "underscores, starting with a letter, and not unique_id."
                )
        if len(set(names)) != len(names):
            raise ValueError(f"Record type {self.name} names a column twice: {names}")
        if len(self.blocking_columns) < 2:
            raise ValueError(
                f"Record type {self.name} has {len(self.blocking_columns)} blocking columns. "
                "Declare at least two, because each blocking rule joins on a pair of them."
            )

    @property
    def blocking_columns(self) -> list[str]:
        return [column.name for column in self.columns if column.blocking]

    @property
    def schema(self) -> pa.Schema:
        types = {Role.DATE: pa.date32()}
        return pa.schema(
            [("unique_id", pa.int64())]
            + [(column.name, types.get(column.role, pa.string())) for column in self.columns]
        )

    def record_keys(self, record: DeclaredRecord) -> dict[str, Any]:
        """Return one record's match keys, with None for anything missing."""
        keys: dict[str, Any] = {"unique_id": record.record_id}
        for column in self.columns:
            keys[column.name] = _NORMALISERS[column.role](record.values.get(column.name))
        return keys

    def keys_table(self, records: Iterable[DeclaredRecord]) -> pa.Table:
        rows = [self.record_keys(record) for record in records]
        return pa.Table.from_pylist(rows, schema=self.schema)

    def key_layout(self) -> KeyLayout:
        """Describe this type's keys to MatchIndex. Search stays child-only."""
        return KeyLayout(
            version=f"declared-{self.name}-1",
            schema=self.schema,
            keys_table=self.keys_table,
            term_frequency_columns=tuple(
                column.name for column in self.columns if column.role is Role.NAME
            ),
            searchable=False,
        )

    def blocking_rules(self) -> list[str]:
        """Return one rule per pair of blocking columns: both agree exactly."""
        return [
            f"l.{first} = r.{first} AND l.{second} = r.{second}"
            for first, second in itertools.combinations(self.blocking_columns, 2)
        ]

    def settings(self) -> dict[str, Any]:
        """Build Splink settings with the starting m and u of each role."""
        return {
            "link_type": "link_only",
            "unique_id_column_name": "unique_id",
            "probability_two_random_records_match": PROBABILITY_TWO_RANDOM_RECORDS_MATCH,
            "blocking_rules_to_generate_predictions": self.blocking_rules(),
            "retain_matching_columns": True,
            "retain_intermediate_calculation_columns": True,
            "comparisons": [_comparison(column) for column in self.columns],
        }

    def starting_model(self, version: str) -> MatchModel:
        return MatchModel(
            version=version,
            settings=self.settings(),
            note=f"starting m and u for the declared record type {self.name}, not trained",
        )


def _comparison(column: DeclaredColumn) -> dict[str, Any]:
    c = column.name
    levels: list[dict[str, Any]] = [
        {
            "sql_condition": f"{c}_l IS NULL OR {c}_r IS NULL",
            "label_for_charts": "null",
            "is_null_level": True,
        }
    ]
    for label, condition, m, u in _LEVELS[column.role]:
        level: dict[str, Any] = {
            "sql_condition": condition.format(c=c),
            "label_for_charts": label,
            "m_probability": m,
            "u_probability": u,
        }
        if label == "exact" and column.role is Role.NAME:
            level["tf_adjustment_column"] = c
            level["tf_adjustment_weight"] = 1.0
        levels.append(level)
    return {
        "output_column_name": c,
        "comparison_description": column.description,
        "comparison_levels": levels,
    }
