"""The few hot statements (token authentication, the check-in) in plain SQL: a cursor that prepares them, and
model instances from their rows, converted exactly as the ORM converts what it reads.

Where building the query with the ORM cost more CPU than the database took to answer it, the SQL is written once
and the row becomes the same instance the ORM would have returned (SQLite's text timestamps, JSON, booleans;
nothing to convert on PostgreSQL for most fields).

On PostgreSQL these statements are also prepared, once per connection (connections live CONN_MAX_AGE seconds):
planning a join of five tables took PostgreSQL about 0.6 ms of CPU per request, ten times what running it took,
and a check-in's four statements cost it about 2 ms before they were prepared (bench/bench_checkin_cpu.py).
Django turns prepared statements off for every statement, so that a pooler in transaction mode (PgBouncer before
1.21) keeps working; these few ask for it themselves, and DB_PREPARED_STATEMENTS=false turns them off as well."""

from __future__ import annotations

from django.conf import settings
from django.db import connection

_CONVERTERS: dict[tuple, list] = {}


def concrete_fields(model) -> list:
    return list(model._meta.concrete_fields)


def columns(alias: str, fields) -> list[str]:
    """``alias."column"`` for each field, quoted for the database in use."""
    return [f"{alias}.{connection.ops.quote_name(f.column)}" for f in fields]


def converters(model, names: tuple[str, ...]) -> list:
    """Per field, one function applying the database backend's and the field's converters (cached per backend)."""
    key = (connection.vendor, model, names)
    if key not in _CONVERTERS:
        made = []
        for name in names:
            field = model._meta.get_field(name)
            col = field.get_col(model._meta.db_table)
            steps = connection.ops.get_db_converters(col) + field.get_db_converters(connection)
            made.append(_chain(steps, col))
        _CONVERTERS[key] = made
    return _CONVERTERS[key]


def _chain(steps, col):
    if not steps:
        return lambda value: value

    def convert(value):
        for step in steps:
            value = step(value, col, connection)
        return value

    return convert


def instance(model, fields, values):
    """A model instance from a row (values in the order of ``fields``), as the ORM would have loaded it."""
    names = tuple(f.attname for f in fields)
    convert = converters(model, tuple(f.name for f in fields))
    return model.from_db(connection.alias, list(names), [c(v) for c, v in zip(convert, values, strict=True)])


# Statements are prepared when the cursor asks (prepare=True), never by count: Django's other cursors bind their
# parameters on the client and are never prepared, whatever the threshold.
_ONLY_WHEN_ASKED = 2**31 - 1


def cursor():
    """A database cursor (Django's wrapper: logged, error-wrapped, counted by CaptureQueriesContext) for one of the
    hot statements. On PostgreSQL its statements are bound on the server and prepared on the connection at first
    use; elsewhere, or with DB_PREPARED_STATEMENTS off, the usual cursor."""
    if connection.vendor != "postgresql" or not getattr(settings, "DB_PREPARED_STATEMENTS", True):
        return connection.cursor()
    connection.close_if_health_check_failed()
    connection.ensure_connection()
    with connection.wrap_database_errors:
        raw = connection.connection
        if raw.prepare_threshold is None:
            raw.prepare_threshold = _ONLY_WHEN_ASKED
        made = _prepared_cursor_class()(raw)
        made.logged = connection.queries_logged
        # as DatabaseWrapper.create_cursor: the cursor reads timestamps in the connection's time zone
        from django.db.backends.postgresql.base import TIMESTAMPTZ_OID
        from django.db.backends.postgresql.psycopg_any import register_tzloader
        from psycopg.pq import Format

        if connection.timezone != raw.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT).timezone:
            register_tzloader(connection.timezone, made)
    return connection._prepare_cursor(made)


_CLASSES: dict[str, type] = {}


def _prepared_cursor_class():
    if "prepared" not in _CLASSES:
        from django.db.backends.postgresql.base import ServerBindingCursor

        class PreparedCursor(ServerBindingCursor):
            logged = False

            def execute(self, query, params=None, *, prepare=True, binary=None):
                result = super().execute(query, params, prepare=prepare, binary=binary)
                if self.logged and self._query is None:
                    # psycopg keeps no query text after running a prepared statement; Django's query log (DEBUG,
                    # CaptureQueriesContext) reads it from here
                    self._query = self._convert_query(query, params)
                return result

        _CLASSES["prepared"] = PreparedCursor
    return _CLASSES["prepared"]
