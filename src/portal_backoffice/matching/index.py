"""MatchIndex: the matching copy of the register, in DuckDB, scored with Splink.

The index stores each register student's match keys (keys.py) in a DuckDB
database file, or in memory, with the search keys that Possible Matches
looks students up by (search.py). Splink works in a separate in-memory
DuckDB database that attaches the file, so its intermediate tables never
land in the file. Term-frequency tables are rebuilt from the register after
it changes, the next time they are needed.

A link first finds, with one join per blocking rule, the register students
that some rule pairs with an incoming child, and gives Splink only those. Its
own blocking and term-frequency joins then read thousands of rows, not the
whole register. A search reruns the SQL that Splink wrote for the first
search on the new query and candidates, because writing that SQL costs more
than running it.
"""

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
from splink import DuckDBAPI, Linker

from .keys import KEY_SCHEMA, child_keys, keys_table
from .model import MatchModel
from .records import ChildRecord, RecordId, ScoredCandidate
from .scoring import candidates_from_predictions
from .search import (
    SEARCH_KEYS_COLUMNS,
    SIMILAR_SURNAME,
    candidate_ids_sql,
    query_search_keys,
    search_keys_select_sql,
)

logger = logging.getLogger(__name__)

# Version of the stored key layout. A file written with another layout is
# rebuilt by the caller (replace_all) rather than read wrongly.
KEYS_VERSION = "keys-4"

# Pairs scoring below this match weight (a probability near 0.001 at the
# default prior) are dropped: far below any possible-match threshold.
LINK_FLOOR_MATCH_WEIGHT = -10.0

# Pseudo-count for term frequencies: a register of a few records shows little
# about how common a name is, so each frequency is shrunk towards the model's
# average as if this many average records had also been seen.
TF_PSEUDO_COUNT = 1000


# The prior that an incoming child and one register student are the same
# child is the share of incoming children the register holds, spread over
# the register. Registers smaller than this count as this size, so that a
# test register of three children does not make every pair look likely.
HELD_SHARE = 0.9
MINIMUM_REGISTER_SIZE = 10_000

# The (model version, key layout version) pairs whose Splink settings this
# process has checked once.
_SETTINGS_CHECKED: set[tuple[str, str]] = set()

# A search fetches its few hundred candidates by id through this index.
_CREATE_ID_INDEX = (
    "CREATE INDEX IF NOT EXISTS register_keys_unique_id ON store.register_keys (unique_id)"
)


@dataclass(frozen=True, slots=True)
class KeyLayout:
    """The match keys an index stores for one kind of record, and how records become them."""

    # Stored in the index file. A file written with another layout is cleared.
    version: str
    schema: pa.Schema
    keys_table: Callable[[Iterable[Any]], pa.Table]
    # Columns whose exact level the model adjusts by how common the value is.
    # Each is also the name of the model's comparison with an exact level.
    term_frequency_columns: tuple[str, ...]
    # Whether search() can look records up: it reads the child's key columns.
    searchable: bool


CHILD_KEY_LAYOUT = KeyLayout(
    version=KEYS_VERSION,
    schema=KEY_SCHEMA,
    keys_table=keys_table,
    term_frequency_columns=("forename", "surname"),
    searchable=True,
)


class MatchIndex:
    """The register's match keys, and linking and searching against them.

    Not safe for use by several threads at once: callers share one index
    behind a lock.

    NOTE: DuckDB lets one process at a time open a database file for writing,
    so two processes cannot share one index file; each reopens it in turn.
    """

    def __init__(
        self,
        path: str | Path | None = None,
        model: MatchModel | None = None,
        layout: KeyLayout = CHILD_KEY_LAYOUT,
    ):
        """Open the index in the file at path, or in memory when path is None.

        The layout sets which keys it stores. Any layout but the child's
        needs a model whose comparisons read that layout's columns.
        """
        self._model = model or MatchModel.default()
        self._layout = layout
        self._con = duckdb.connect(":memory:")
        self._persisted = path is not None
        if path is None:
            self._con.execute("CREATE SCHEMA store")
        else:
            self._con.execute("ATTACH ? AS store", [str(path)])
        self._create_tables()
        self._db_api = DuckDBAPI(self._con)
        self._register_sdf = self._db_api.register(
            "register_scoring", dataset_display_name="register"
        )
        self._linker = self._new_linker()
        self._tf_stale = True
        self._batch_number = 0
        # True once the search_scored view contains the SQL of the present linker.
        self._search_view_ready = False
        # DuckDB's optimisers, named as disabled_optimizers takes them.
        self._optimizers: str | None = None

    @property
    def model_version(self) -> str:
        return self._model.version

    @property
    def model(self) -> MatchModel:
        return self._model

    def __len__(self) -> int:
        return self._con.execute("SELECT count(*) FROM store.register_keys").fetchall()[0][0]

    def replace_all(self, records: Iterable[ChildRecord]) -> None:
        """Replace the whole register with these records."""
        # Loading without the index and building it once is quicker than
        # updating it for every row.
        self._con.execute("DROP INDEX IF EXISTS store.register_keys_unique_id")
        self._con.execute("DELETE FROM store.register_keys")
        self._insert_in_chunks(records)
        self._con.execute(_CREATE_ID_INDEX)
        self._con.execute("DELETE FROM store.search_keys")
        if self._layout.searchable:
            self._con.execute(
                f"INSERT INTO store.search_keys {search_keys_select_sql('store.register_keys')}"
            )
        if self._persisted:
            self._con.execute("CHECKPOINT store")
        self._tf_stale = True
        logger.info("Match index rebuilt with %d students", len(self))

    def upsert(self, records: Iterable[ChildRecord]) -> None:
        """Add these records, replacing any with the same record_id."""
        table = self._layout.keys_table(records)
        if table.num_rows == 0:
            return
        self._con.register("upsert_batch", table)
        self._delete_ids("upsert_batch")
        self._con.execute("INSERT INTO store.register_keys SELECT * FROM upsert_batch")
        if self._layout.searchable:
            # Added rows land after the sorted ones; a search still finds them.
            self._con.execute(
                f"INSERT INTO store.search_keys {search_keys_select_sql('upsert_batch')}"
            )
        self._con.unregister("upsert_batch")
        self._tf_stale = True
        logger.info("Match index updated %d students", table.num_rows)

    def remove(self, record_ids: Iterable[RecordId]) -> None:
        ids = pa.table({"unique_id": pa.array(list(record_ids), pa.int64())})
        self._con.register("remove_batch", ids)
        self._delete_ids("remove_batch")
        self._con.unregister("remove_batch")
        self._tf_stale = True

    def link(self, incoming: Sequence[ChildRecord]) -> dict[RecordId, list[ScoredCandidate]]:
        """Score each incoming child against the register students that blocking finds.

        Return every incoming record_id, each with its candidates best first;
        pairs below the floor are left out.
        """
        results: dict[RecordId, list[ScoredCandidate]] = {
            record.record_id: [] for record in incoming
        }
        if not incoming or len(self) == 0:
            return results

        self._refresh_after_change()
        incoming_sdf = self._register_batch(self._layout.keys_table(incoming))
        blocked_sdf = self._blocked_students(incoming_sdf)
        predictions = self._linker.inference.predict_between(
            incoming_sdf,
            blocked_sdf,
            threshold_match_weight=LINK_FLOOR_MATCH_WEIGHT,
            warning_mode="never",
        )
        rows = predictions.as_record_list()
        predictions.drop_table_from_database_and_remove_from_cache()
        self._drop_batch(incoming_sdf)
        self._drop_batch(blocked_sdf)

        for incoming_id, candidates in candidates_from_predictions(rows, self._model).items():
            results[incoming_id] = candidates
        logger.info("Linked %d incoming students: %d scored pairs", len(incoming), len(rows))
        return results

    def search(self, query: ChildRecord, limit: int = 20) -> list[ScoredCandidate]:
        """Score one child, given by any subset of its fields, against the whole register.

        Candidates are the register students that share any given key with the
        query; they come back best first, at most limit of them. Raises
        ValueError for an index whose key layout is not searchable.
        """
        if not self._layout.searchable:
            raise ValueError(
                f"Search needs the child key layout, but this index stores {self._layout.version}."
            )
        self._refresh_after_change()
        query_keys = child_keys(query)
        search_keys = query_search_keys(query_keys, self._similar_surnames(query_keys["surname"]))
        if not search_keys:
            return []
        hashes = self._con.execute(
            "SELECT hash(key) FROM unnest(?::VARCHAR[]) WITH ORDINALITY AS t(key, n) ORDER BY n",
            [[key for key, _ in search_keys]],
        ).fetchall()
        found_ids = self._con.execute(
            candidate_ids_sql([row[0] for row in hashes], [share for _, share in search_keys])
        ).fetchall()
        if not found_ids:
            return []

        # Whole numbers from the index, written into the SQL so that DuckDB
        # looks them up through the unique_id index.
        id_list = ", ".join(str(int(row[0])) for row in found_ids)
        select = f"SELECT * FROM store.register_keys WHERE unique_id IN ({id_list})"  # noqa: S608
        self._con.execute(f"CREATE OR REPLACE TEMP TABLE search_candidates AS {select}")
        self._con.register("query_row", pa.Table.from_pylist([query_keys], schema=KEY_SCHEMA))
        self._con.execute("CREATE OR REPLACE TEMP TABLE search_query AS SELECT * FROM query_row")
        self._con.unregister("query_row")
        rows = self._search_scores()

        found = candidates_from_predictions(rows, self._model, limit=limit)
        return found.get(query.record_id, [])

    def _search_scores(self) -> list[dict]:
        """Score the search_query row against every search_candidates row.

        The first search lets Splink write the SQL and keeps it as a view.
        Later searches read the view, which runs on the tables as they are now.
        """
        if not self._search_view_ready:
            query_sdf = self._db_api.table_to_splink_dataframe("search_query", "search_query")
            candidate_sdf = self._db_api.table_to_splink_dataframe(
                "search_candidates", "search_candidates"
            )
            scored = self._linker.inference.score_pairs(query_sdf, candidate_sdf)
            sql = scored.sql_used_to_create
            scored.drop_table_from_database_and_remove_from_cache()
            self._con.execute(f"CREATE OR REPLACE TEMP VIEW search_scored AS {sql}")
            self._search_view_ready = True
        # The scoring SQL is long and scores a hundred rows at most, so DuckDB's
        # optimisers took a third of the query's time (8 of 26 ms at 100,000
        # students) and saved nothing. They are off for this query alone.
        self._con.execute(f"SET disabled_optimizers = '{self._optimizer_names()}'")
        try:
            cursor = self._con.execute("SELECT * FROM search_scored")
            names = [column[0] for column in cursor.description]
            rows = cursor.fetchall()
        finally:
            self._con.execute("RESET disabled_optimizers")
        return [dict(zip(names, row, strict=True)) for row in rows]

    def _optimizer_names(self) -> str:
        if self._optimizers is None:
            rows = self._con.execute("SELECT name FROM duckdb_optimizers()").fetchall()
            self._optimizers = ", ".join(row[0] for row in rows)
        return self._optimizers

    def _similar_surnames(self, surname: str | None) -> list[str]:
        """Return the register's surnames like this one, from the term-frequency table."""
        if not surname:
            return []
        rows = self._con.execute(
            "SELECT surname FROM tf_surname WHERE jaro_winkler_similarity(surname, ?) >= ?",
            [surname, SIMILAR_SURNAME],
        ).fetchall()
        return [row[0] for row in rows]

    def _blocked_students(self, incoming_sdf):
        """Copy the register students that any blocking rule pairs with an incoming child."""
        incoming_table = incoming_sdf.physical_name
        found = " UNION ".join(
            f"SELECT r.unique_id FROM {incoming_table} AS l JOIN store.register_keys AS r ON {rule}"  # noqa: S608
            for rule in _blocking_rule_sql(self._model)
        )
        self._batch_number += 1
        name = f"batch_{self._batch_number}"
        # The table names are this module's; the rules are the model's own SQL.
        self._con.execute(
            f"CREATE TABLE {name} AS SELECT * FROM store.register_keys"  # noqa: S608
            f" WHERE unique_id IN ({found})"
        )
        return self._db_api.register(name, table_name=name, dataset_display_name="register")

    def close(self) -> None:
        self._con.close()

    def _create_tables(self) -> None:
        self._con.execute(
            "CREATE TABLE IF NOT EXISTS store.index_meta (name VARCHAR PRIMARY KEY, value VARCHAR)"
        )
        stored = self._con.execute(
            "SELECT value FROM store.index_meta WHERE name = 'keys_version'"
        ).fetchall()
        expected = self._layout.version
        if stored and stored[0][0] != expected:
            # Another layout has other columns, so the table is made again, empty.
            logger.warning(
                "Match index keys are %s, expected %s: clearing it", stored[0][0], expected
            )
            self._con.execute("DROP TABLE IF EXISTS store.register_keys")
            self._con.execute("DROP TABLE IF EXISTS store.search_keys")
        schema = self._layout.schema
        columns = ", ".join(
            f"{name} {_duckdb_type(schema.field(name).type)}" for name in schema.names
        )
        self._con.execute(f"CREATE TABLE IF NOT EXISTS store.register_keys ({columns})")
        self._con.execute(f"CREATE TABLE IF NOT EXISTS store.search_keys ({SEARCH_KEYS_COLUMNS})")
        self._con.execute(_CREATE_ID_INDEX)
        self._con.execute(
            "INSERT OR REPLACE INTO store.index_meta VALUES ('keys_version', ?)", [expected]
        )
        self._con.execute(
            "CREATE OR REPLACE VIEW register_scoring AS SELECT * FROM store.register_keys"
        )

    def _delete_ids(self, ids_table: str) -> None:
        """Delete the students whose ids the registered table ids_table holds."""
        for table in ("register_keys", "search_keys"):
            self._con.execute(
                f"DELETE FROM store.{table}"  # noqa: S608 (names from this module)
                f" WHERE unique_id IN (SELECT unique_id FROM {ids_table})"
            )

    def _insert_in_chunks(self, records: Iterable[ChildRecord], chunk_size: int = 50_000) -> None:
        chunk: list[ChildRecord] = []
        for record in records:
            chunk.append(record)
            if len(chunk) == chunk_size:
                self._insert_table(self._layout.keys_table(chunk))
                chunk = []
        if chunk:
            self._insert_table(self._layout.keys_table(chunk))

    def _insert_table(self, table: pa.Table) -> None:
        self._con.register("insert_batch", table)
        self._con.execute("INSERT INTO store.register_keys SELECT * FROM insert_batch")
        self._con.unregister("insert_batch")

    def _register_batch(self, table: pa.Table):
        self._batch_number += 1
        name = f"batch_{self._batch_number}"
        self._con.register(f"{name}_arrow", table)
        # Names built here from a counter, never from input.
        self._con.execute(f"CREATE TABLE {name} AS SELECT * FROM {name}_arrow")  # noqa: S608
        self._con.unregister(f"{name}_arrow")
        return self._db_api.register(name, table_name=name, dataset_display_name="incoming")

    def _drop_batch(self, sdf) -> None:
        self._con.execute(f"DROP TABLE IF EXISTS {sdf.physical_name}")

    def _new_linker(self) -> Linker:
        """Make a linker whose prior fits the register's present size."""
        size = max(len(self), MINIMUM_REGISTER_SIZE)
        settings = {
            **self._model.settings,
            "probability_two_random_records_match": HELD_SHARE / size,
        }
        # Splink checks the settings against the input columns and only logs
        # what it finds. That took half a second per linker, so it runs once
        # per model and key layout in a process.
        checked = (self._model.version, self._layout.version)
        linker = Linker(
            self._register_sdf,
            settings,
            log_level=None,
            validate_settings=checked not in _SETTINGS_CHECKED,
        )
        _SETTINGS_CHECKED.add(checked)
        return linker

    def _refresh_after_change(self) -> None:
        """Rebuild the prior and the term-frequency tables if the register changed."""
        if not self._tf_stale:
            return
        self._linker = self._new_linker()
        self._search_view_ready = False
        total = len(self)
        for column in self._layout.term_frequency_columns:
            average = _exact_level_u(self._model, column)
            self._con.execute(
                f"""
                CREATE OR REPLACE TABLE tf_{column} AS
                SELECT {column}, (count(*) + {TF_PSEUDO_COUNT} * {average:.9e})
                    / ({total} + {TF_PSEUDO_COUNT}) AS tf_{column}
                FROM store.register_keys WHERE {column} IS NOT NULL GROUP BY {column}
                """  # noqa: S608 (column names and numbers from this module and the model)
            )
            tf_sdf = self._db_api.table_to_splink_dataframe(f"tf_{column}", f"tf_{column}")
            self._linker.table_management.register_term_frequency_lookup(tf_sdf, column)
        self._tf_stale = False


def _blocking_rule_sql(model: MatchModel) -> list[str]:
    """Return the model's blocking rules as SQL conditions on l and r."""
    rules = model.settings["blocking_rules_to_generate_predictions"]
    return [rule if isinstance(rule, str) else rule["blocking_rule"] for rule in rules]


def _exact_level_u(model: MatchModel, column: str) -> float:
    for comparison in model.settings["comparisons"]:
        if comparison["output_column_name"] != column:
            continue
        for level in comparison["comparison_levels"]:
            if level.get("label_for_charts") == "exact":
                return float(level["u_probability"])
    raise ValueError(f"The model has no exact level for {column}")


def _duckdb_type(arrow_type: pa.DataType) -> str:
    if pa.types.is_list(arrow_type):
        return "VARCHAR[]"
    return {
        pa.int64(): "BIGINT",
        pa.int32(): "INTEGER",
        pa.date32(): "DATE",
        pa.string(): "VARCHAR",
    }[arrow_type]
