"""The few hot statements (token authentication, the check-in) in plain SQL: a cursor that prepares them, model
instances from their rows, converted exactly as the ORM converts what it reads, and the values of an INSERT as
Model.save() would send them.

Where building the query with the ORM cost more CPU than the database took to answer it, the SQL is written once
and the row becomes the same instance the ORM would have returned (SQLite's text timestamps, JSON, booleans;
nothing to convert on PostgreSQL for most fields).

On PostgreSQL these statements are also prepared, once per connection (connections live CONN_MAX_AGE seconds):
planning a join of five tables took PostgreSQL about 0.6 ms of CPU per request, ten times what running it took,
and a check-in's four statements cost it about 2 ms before they were prepared (bench/bench_checkin_cpu.py).
Django turns prepared statements off for every statement, so that a pooler in transaction mode (PgBouncer before
1.21) keeps working; these few ask for it themselves, and DB_PREPARED_STATEMENTS=false turns them off as well."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import NamedTuple

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.models import Model
from django.db.models.base import ModelState
from django.db.models.fields.files import FileDescriptor
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.signals import post_init, pre_init

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
    """A model instance from a row (values in the order of ``fields``), as the ORM would have loaded it: what
    Model.from_db() builds - the read fields set, the others deferred (read with a query if code asks for one),
    adding False, the connection's alias - built directly where nothing can tell the difference (no pre_init or
    post_init receiver, no from_db or __init__ of the model's own); from_db() otherwise.
    core/tests/test_rows.py compares the two."""
    plan = _instance_plan(model, fields)
    db = connections[DEFAULT_DB_ALIAS]
    converted = [c(v) for c, v in zip(plan.converters, values, strict=True)]
    if not plan.direct or pre_init.has_listeners(model) or post_init.has_listeners(model):
        return model.from_db(db.alias, list(plan.attnames), converted)
    made = model.__new__(model)
    state = made._state = ModelState()
    state.adding = False
    state.db = db.alias
    made.__dict__.update(zip(plan.attnames, converted, strict=True))
    return made


class _InstancePlan(NamedTuple):
    attnames: tuple[str, ...]
    converters: list
    direct: bool  # the instance may be built without Model.__init__


_INSTANCE_PLANS: dict[tuple, _InstancePlan] = {}


def _instance_plan(model, fields) -> _InstancePlan:
    # keyed by the names: a field's own hash is computed anew each time (creation counter, app and model name)
    key = (connections[DEFAULT_DB_ALIAS].vendor, model, tuple(f.attname for f in fields))
    plan = _INSTANCE_PLANS.get(key)
    if plan is None:
        direct = (
            model.from_db.__func__ is Model.from_db.__func__
            and model.__init__ is Model.__init__
            # a field whose descriptor does more than store the value (Model.__init__ assigns through it)
            and all(_plain_descriptor(model, f) for f in fields)
        )
        plan = _INSTANCE_PLANS[key] = _InstancePlan(
            tuple(f.attname for f in fields), converters(model, tuple(f.name for f in fields)), direct
        )
    return plan


def _plain_descriptor(model, field) -> bool:
    # as attribute lookup finds it: on the model or on a parent (a multi-table parent's fields live there)
    descriptor = next((k.__dict__[field.attname] for k in model.__mro__ if field.attname in k.__dict__), None)
    if descriptor is None or not hasattr(descriptor, "__set__"):
        return True  # a plain attribute or a non-data descriptor (DeferredAttribute): assignment stores it
    # a foreign key's id, a file: assignment stores the value (and, on a fresh instance, has nothing to clear)
    return type(descriptor) in (ForeignKeyDeferredAttribute, FileDescriptor)


def insert_values(instance, fields) -> list:
    """The values Model.save() sends for ``fields`` of a new ``instance`` (each field's pre_save, then its
    get_db_prep_save), without the conversions that change nothing: on PostgreSQL an int for an integer column
    or a foreign key, a str for a text column, a bool, an aware datetime, a date or a Decimal goes as it is.
    Anything else (JSON, files, automatic timestamps, another type, another database) goes through the field
    itself; an integer gets the backend's integer type (Int4, Int8) as get_db_prep_save gives it.
    core/tests/test_rows.py compares the two."""
    db = connections[DEFAULT_DB_ALIAS]
    return _prepared(
        _insert_plan(db.vendor, instance.__class__, fields),
        instance.__dict__,
        lambda field: field.get_db_prep_save(field.pre_save(instance, True), db),
    )


def insert_values_from(model, fields, data: dict) -> list:
    """insert_values() for a new instance that is not built: ``data`` holds each field's value by attname, final
    as its pre_save() would leave it (an automatic timestamp given, a file already stored), and each value is
    prepared as get_db_prep_save() prepares it. For a statement that stores a row and only then needs the
    instance (core/tests/test_rows.py compares the two)."""
    db = connections[DEFAULT_DB_ALIAS]
    return _prepared(
        _insert_plan(db.vendor, model, fields), data, lambda field: field.get_db_prep_save(data[field.attname], db)
    )


def _prepared(plan, data: dict, through_the_field) -> list:
    values = []
    for field, attname, kinds, aware, wrap in plan:
        value = data.get(attname, _MISSING) if kinds else _MISSING
        if value is None:
            values.append(None)
        elif type(value) in kinds and not (aware and value.tzinfo is None):
            values.append(value if wrap is None else wrap(value))
        else:
            values.append(through_the_field(field))
    return values


_MISSING = object()
_INSERT_PLANS: dict[tuple, list] = {}
_INTEGER_FIELDS = (
    models.IntegerField,
    models.BigIntegerField,
    models.SmallIntegerField,
    models.PositiveIntegerField,
    models.PositiveBigIntegerField,
    models.PositiveSmallIntegerField,
)
_INTEGER_COLUMNS = (models.AutoField, models.BigAutoField, models.SmallAutoField, *_INTEGER_FIELDS)


def _insert_plan(vendor: str, model, fields) -> list:
    key = (vendor, model, tuple(f.attname for f in fields))  # names, as _instance_plan
    plan = _INSERT_PLANS.get(key)
    if plan is None:
        db = connections[DEFAULT_DB_ALIAS]
        plan = []
        for f in fields:
            kinds, aware = _passed_as_is(vendor, f)
            plan.append((f, f.attname, kinds, aware, _int_wrapper(f, db) if kinds == (int,) else None))
        _INSERT_PLANS[key] = plan
    return plan


def _int_wrapper(field, db):
    """The type the backend gives an integer column's value (Django on psycopg 3 sends Int4/Int8 so that the
    server knows the parameter's type), or None for a plain int: found by asking the field once."""
    kind = type(field.get_db_prep_save(1, db))
    return None if kind is int else kind


def _passed_as_is(vendor: str, field) -> tuple[tuple, bool]:
    """(the types whose values ``field`` sends to the database unchanged - an integer only typed, see
    _int_wrapper - and whether a datetime must be aware).
    Exact classes only: a subclass may convert in its own way. Only PostgreSQL's adapters take these values as
    they are (SQLite's turn datetimes and decimals into text)."""
    if vendor != "postgresql":
        return (), False
    kind = type(field)
    if kind is models.ForeignKey:
        target = field.target_field
        return _passed_as_is(vendor, target) if type(target) in _INTEGER_COLUMNS else ((), False)
    if kind in _INTEGER_COLUMNS:
        return (int,), False
    if kind in (models.CharField, models.TextField):
        return (str,), False
    if kind is models.BooleanField:
        return (bool,), False
    if kind is models.DecimalField:
        return (decimal.Decimal,), False
    if kind in (models.DateTimeField, models.DateField) and not (field.auto_now or field.auto_now_add):
        return ((dt.datetime,), True) if kind is models.DateTimeField else ((dt.date,), False)
    return (), False


# Statements are prepared when the cursor asks (prepare=True), never by count: Django's other cursors bind their
# parameters on the client and are never prepared, whatever the threshold.
_ONLY_WHEN_ASKED = 2**31 - 1


def cursor():
    """A database cursor (Django's wrapper: logged, error-wrapped, counted by CaptureQueriesContext) for one of the
    hot statements. On PostgreSQL its statements are bound on the server and prepared on the connection at first
    use; elsewhere, or with DB_PREPARED_STATEMENTS off, the usual cursor."""
    db = connections[DEFAULT_DB_ALIAS]  # once: each attribute of the connection proxy looks it up again
    if db.vendor != "postgresql" or not getattr(settings, "DB_PREPARED_STATEMENTS", True):
        return db.cursor()
    db.close_if_health_check_failed()
    db.ensure_connection()
    with db.wrap_database_errors:
        raw = db.connection
        kept = getattr(db, "_hot_cursor", None)
        if kept is not None and kept.connection is raw:
            made = kept
        else:
            if raw.prepare_threshold is None:
                raw.prepare_threshold = _ONLY_WHEN_ASKED
            # one cursor per connection, kept: a new one starts without the types of its parameters and columns
            # looked up (the check-in's sixteen parameters cost about 60 us a request that way)
            made = db._hot_cursor = _prepared_cursor_class()(raw)
        made.logged = db.queries_logged
        # as DatabaseWrapper.create_cursor: the cursor reads timestamps in the connection's time zone (asked of the
        # cursor itself: a kept one may have been told another zone before a test changed it)
        if db.timezone != made.adapters.get_loader(*_timestamptz_text()).timezone:
            from django.db.backends.postgresql.psycopg_any import register_tzloader

            register_tzloader(db.timezone, made)
    return db._prepare_cursor(made)


_TIMESTAMPTZ_TEXT: list = []


def _timestamptz_text() -> tuple:
    """(type oid, format) of the loader that reads timestamps with time zone (imported once: psycopg is only
    needed with PostgreSQL)."""
    if not _TIMESTAMPTZ_TEXT:
        from django.db.backends.postgresql.base import TIMESTAMPTZ_OID
        from psycopg.pq import Format

        _TIMESTAMPTZ_TEXT.extend((TIMESTAMPTZ_OID, Format.TEXT))
    return _TIMESTAMPTZ_TEXT[0], _TIMESTAMPTZ_TEXT[1]


_CLASSES: dict[str, type] = {}


def _prepared_cursor_class():
    if "prepared" not in _CLASSES:
        from django.db.backends.postgresql.base import ServerBindingCursor

        class PreparedCursor(ServerBindingCursor):
            logged = False

            def close(self) -> None:
                """Left open: rows.cursor() hands the same cursor out again on this connection (a cursor that
                is not a named one holds nothing on the server; the next execute drops the last result)."""

            def execute(self, query, params=None, *, prepare=True, binary=None):
                result = super().execute(query, params, prepare=prepare, binary=binary)
                if self.logged and self._query is None:
                    # psycopg keeps no query text after running a prepared statement; Django's query log (DEBUG,
                    # CaptureQueriesContext) reads it from here
                    self._query = self._convert_query(query, params)
                return result

        _CLASSES["prepared"] = PreparedCursor
    return _CLASSES["prepared"]
