"""Insert many new rows whose values were converted before the write transaction.

Django's bulk_create converts every value to its database form inside the
call. For a file of 10,000 children that conversion is most of the time an
import's write transaction takes, and on SQLite every other writer waits for
it. PreparedInsert converts the values when it is made, outside the
transaction. insert() then converts only the values that can change until
the rows are stored: foreign keys to rows stored in the same transaction,
auto_now timestamps and the fields the caller names. It sends the rows in
chunks and sets each object's primary key from RETURNING.
"""

from collections.abc import Callable, Sequence

from django.db import connections, models
from django.db.models import Field, Model
from django.utils import timezone

# Query parameters per INSERT on SQLite, below its default limit of 32,766.
MAX_PARAMETERS = 30_000
# Rows per INSERT on PostgreSQL, which sends one array per column.
UNNEST_ROWS = 5_000


class PreparedInsert:
    """New rows of one model, converted to database values ahead of their INSERT."""

    def __init__(
        self,
        model: type[Model],
        objs: Sequence[Model],
        *,
        late_fields: Sequence[str] = (),
        late_values: dict[str, Callable[[int], object]] | None = None,
        using: str = "default",
    ):
        """Convert every value except the late ones.

        late_fields are read from each object at insert time. late_values
        maps a field's attname to a function of the object's position in objs
        that returns the value at insert time, for an id the object does not
        hold yet. A foreign key is read at insert time too when an object's
        related object had no primary key yet.
        """
        self.model = model
        self.objs = list(objs)
        self.using = using
        connection = connections[using]
        self.fields: list[Field] = [
            field for field in model._meta.concrete_fields if not field.primary_key
        ]
        late_values = late_values or {}
        # Field number -> function of (position, object) that returns the value, or _NOW.
        self._late: dict[int, Callable[[int, Model], object] | object] = {}
        for number, field in enumerate(self.fields):
            if field.attname in late_values:
                self._late[number] = _by_position(late_values[field.attname])
            elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                self._late[number] = _NOW
            elif field.name in late_fields or field.attname in late_fields:
                self._late[number] = _attribute(field.attname)
            elif field.is_relation and any(_unsaved_related(field, obj) for obj in self.objs):
                self._late[number] = _related_key(field)

        plain = [_PLAIN_TYPES.get(type(field), ()) for field in self.fields]
        self._rows = [
            [
                None
                if number in self._late
                else value
                if type(value) in plain[number]
                else field.get_db_prep_save(value, connection)
                for number, field in enumerate(self.fields)
                for value in (getattr(obj, field.attname),)
            ]
            for obj in self.objs
        ]

    def insert(self, keep: Callable[[int], bool] | None = None) -> None:
        """Insert the rows, or those whose position in objs keep() accepts, and set their keys."""
        connection = connections[self.using]
        now = timezone.now()
        chosen = []
        for position, (obj, prepared) in enumerate(zip(self.objs, self._rows, strict=True)):
            if keep is not None and not keep(position):
                continue
            row = list(prepared)
            for number, value_of in self._late.items():
                field = self.fields[number]
                if value_of is _NOW:
                    # As Field.pre_save does for auto_now and auto_now_add.
                    setattr(obj, field.attname, now)
                    value = now
                else:
                    value = value_of(position, obj)
                row[number] = field.get_db_prep_save(value, connection)
            chosen.append((obj, row))

        if connection.vendor == "postgresql":
            batch_size = UNNEST_ROWS
        else:
            batch_size = max(1, MAX_PARAMETERS // len(self.fields))
        for start in range(0, len(chosen), batch_size):
            self._insert_batch(connection, chosen[start : start + batch_size])

    def _insert_batch(self, connection, batch: list[tuple[Model, list]]) -> None:
        quote = connection.ops.quote_name
        meta = self.model._meta
        columns = ", ".join(quote(field.column) for field in self.fields)
        if connection.vendor == "postgresql":
            # One array per column, as Django's bulk_create does on PostgreSQL,
            # because planning a VALUES list of many rows takes longer than
            # inserting them. The types lose their length, so that no value
            # is cut to fit.
            arrays = ", ".join(
                f"(%s)::{field.db_type(connection).split('(')[0]}[]" for field in self.fields
            )
            rows = f"SELECT * FROM UNNEST({arrays})"  # noqa: S608 (types from the model)
            parameters = [list(column) for column in zip(*(row for _, row in batch), strict=True)]
        else:
            placeholders = "(" + ", ".join(["%s"] * len(self.fields)) + ")"
            rows = f"VALUES {', '.join([placeholders] * len(batch))}"
            parameters = [value for _, row in batch for value in row]
        sql = (
            f"INSERT INTO {quote(meta.db_table)} ({columns}) {rows} "  # noqa: S608 (names from the model)
            f"RETURNING {quote(meta.pk.column)}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, parameters)
            keys = cursor.fetchall()
        # SQLite and PostgreSQL return the keys of a multi-row INSERT in the
        # order of its rows, as Django's bulk_create also relies on, and so do
        # the rows of UNNEST.
        for (obj, _), (key,) in zip(batch, keys, strict=True):
            obj.pk = key
            obj._state.adding = False
            obj._state.db = self.using


_NOW = object()

# Field class -> the Python types whose values the field stores as they are,
# so that converting them can be skipped. Converting each value took most of
# an import's preparation of its rows.
_TEXT = (str, type(None))
_WHOLE = (int, type(None))
_PLAIN_TYPES: dict[type[Field], tuple[type, ...]] = {
    models.CharField: _TEXT,
    models.TextField: _TEXT,
    models.IntegerField: _WHOLE,
    models.BigIntegerField: _WHOLE,
    models.SmallIntegerField: _WHOLE,
    models.PositiveIntegerField: _WHOLE,
    models.PositiveSmallIntegerField: _WHOLE,
    models.PositiveBigIntegerField: _WHOLE,
    models.BooleanField: (bool, type(None)),
    models.FloatField: (float, type(None)),
}


def _by_position(value_of: Callable[[int], object]) -> Callable[[int, Model], object]:
    return lambda position, obj: value_of(position)


def _attribute(attname: str) -> Callable[[int, Model], object]:
    return lambda position, obj: getattr(obj, attname)


def _unsaved_related(field: Field, obj: Model) -> bool:
    related = field.get_cached_value(obj, None)
    return related is not None and related.pk is None


def _related_key(field: Field) -> Callable[[int, Model], object]:
    def key(position: int, obj: Model) -> object:
        related = field.get_cached_value(obj, None)
        if related is not None:
            # As bulk_create does, so that obj.<name>_id is right after the insert.
            setattr(obj, field.attname, related.pk)
        return getattr(obj, field.attname)

    return key
