"""Model instances from rows read in plain SQL, converted exactly as the ORM converts what it reads.

For the few hot statements (token authentication, the check-in) where building the query with the ORM cost more
CPU than the database took to answer it: the SQL is written once, and the row becomes the same instance the ORM
would have returned (SQLite's text timestamps, JSON, booleans; nothing to convert on PostgreSQL for most fields)."""

from __future__ import annotations

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
