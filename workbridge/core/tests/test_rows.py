"""core.rows: the hot statements' cursor. On PostgreSQL it prepares its statements once per connection, and only
its own (Django's other statements stay unprepared, as Django leaves them for connection poolers); the query log
still shows their text; DB_PREPARED_STATEMENTS=false turns it off."""

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from workbridge.core import rows
from workbridge.core.roles import Role

pytestmark = pytest.mark.django_db

on_postgres = pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")


def forget_prepared() -> None:
    # earlier tests on this connection may have prepared theirs (psycopg notices DEALLOCATE ALL and forgets them too)
    connection.ensure_connection()
    connection.connection.execute("DEALLOCATE ALL")


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [r[0] for r in cursor.fetchall()]


def test_the_query_log_shows_the_statements():
    with CaptureQueriesContext(connection) as ctx:
        for i in range(3):
            with rows.cursor() as cursor:
                cursor.execute("SELECT %s + 1", [i])
                assert cursor.fetchone()[0] == i + 1
    assert len(ctx.captured_queries) == 3 and all("SELECT" in q["sql"] for q in ctx.captured_queries)


@on_postgres
def test_token_authentication_is_prepared_and_nothing_else(world):
    key = Token.objects.create(user=world.users[Role.STUDENT]).key
    forget_prepared()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    for _ in range(3):
        assert client.get("/api/v1/placements/ping/").status_code == 200
    Token.objects.filter(key=key).exists()  # an ORM statement: never prepared
    prepared = prepared_statements()
    assert len(prepared) == 1 and "authtoken_token" in prepared[0], prepared


@on_postgres
def test_switched_off_nothing_is_prepared(world, settings):
    settings.DB_PREPARED_STATEMENTS = False
    forget_prepared()
    with rows.cursor() as cursor:
        cursor.execute("SELECT %s + 1", [1])
        assert cursor.fetchone()[0] == 2
    assert prepared_statements() == []


@on_postgres
@pytest.mark.django_db(transaction=True)  # closes the connection
def test_the_cursor_is_kept_for_its_connection_and_made_anew_for_a_new_one():
    with rows.cursor() as first:
        first.execute("SELECT %s::int", [1])
        assert first.fetchone() == (1,)
    with rows.cursor() as second:
        second.execute("SELECT %s::text", ["two"])  # another statement, other types: nothing of the first is left
        assert second.fetchone() == ("two",)
    assert second.cursor is first.cursor  # Django's wrappers around the one kept cursor
    connection.close()
    with rows.cursor() as third:
        third.execute("SELECT %s::int", [3])
        assert third.fetchone() == (3,)
    assert third.cursor is not first.cursor and third.cursor.connection is connection.connection


@on_postgres
def test_a_kept_cursor_reads_timestamps_in_the_zone_django_reads_them_in():
    def read(cursor_of):
        with cursor_of() as cursor:
            cursor.execute("SELECT TIMESTAMPTZ '2026-12-01 08:00:00+08'")
            return cursor.fetchone()[0]

    db = connections[DEFAULT_DB_ALIAS]  # the wrapper itself: its cached zone is in its own __dict__

    def database_zone(name):
        db.settings_dict["TIME_ZONE"] = name
        for cached in ("timezone", "timezone_name"):
            db.__dict__.pop(cached, None)

    try:
        for zone in ("Asia/Shanghai", None, "Asia/Shanghai", None):  # the kept cursor told one zone, then another
            database_zone(zone)
            ours, djangos = read(rows.cursor), read(connection.cursor)
            assert (ours, ours.utcoffset()) == (djangos, djangos.utcoffset()), zone
    finally:
        database_zone(None)


# ---------------------------------------------------------------------------------------------------------
# Instances from rows, values for an INSERT: the shortcuts give what the ORM gives


def _as_loaded(obj) -> tuple:
    values = {k: v for k, v in obj.__dict__.items() if k != "_state"}
    return values, {k: type(v) for k, v in values.items()}, obj._state.adding, obj._state.db, obj.get_deferred_fields()


def _row(model, fields, pk) -> list:
    with rows.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(rows.columns('t', fields))} FROM {model._meta.db_table} t WHERE t.id = %s", [pk]
        )
        return list(cursor.fetchone())


@pytest.mark.parametrize("read", ["all", "some"])
def test_instance_equals_from_db_all_fields_or_some(world, read):
    """The instance built directly holds what Model.from_db() gives: the same values of the same types, the same
    deferred fields (read with a query when asked for), not adding, the connection's alias."""
    from workbridge.organizations.models import User

    user = world.users[Role.STUDENT]
    fields = rows.concrete_fields(User)
    if read == "some":
        fields = [f for f in fields if f.name in ("id", "username", "is_active", "current_membership", "last_login")]
    values = _row(User, fields, user.pk)
    made = rows.instance(User, fields, values)
    convert = rows.converters(User, tuple(f.name for f in fields))
    expected = User.from_db(
        connection.alias, [f.attname for f in fields], [c(v) for c, v in zip(convert, values, strict=True)]
    )
    assert _as_loaded(made) == _as_loaded(expected)
    if read == "some":
        assert "email" in made.get_deferred_fields()
        with CaptureQueriesContext(connection) as ctx:
            assert made.email == user.email  # a deferred field: one query, the right value
        assert len(ctx.captured_queries) == 1
    assert made.current_membership_id == user.current_membership_id
    assert made.current_membership == user.current_membership  # a foreign key resolves as on an ORM instance


def test_instance_goes_through_from_db_when_a_receiver_listens(world):
    """A post_init receiver (ImageField's dimensions, an app's own) hears of instances built from rows too."""
    from django.db.models.signals import post_init

    from workbridge.organizations.models import User

    heard = []

    def receiver(sender, instance, **kwargs):
        heard.append(instance.pk)

    post_init.connect(receiver, sender=User)
    try:
        user = world.users[Role.STUDENT]
        fields = rows.concrete_fields(User)
        made = rows.instance(User, fields, _row(User, fields, user.pk))
    finally:
        post_init.disconnect(receiver, sender=User)
    assert heard == [user.pk] and made.pk == user.pk


def _save_values(instance, fields) -> list:
    """What Model.save() sends: each field's pre_save, then its get_db_prep_save."""
    return [f.get_db_prep_save(f.pre_save(instance, True), connection) for f in fields]


def _comparable(values: list) -> list:
    # a JSON value goes as an adapter object (psycopg's Jsonb) that does not compare by its content
    return [("json", v.obj) if hasattr(v, "obj") else (type(v), v) for v in values]


_AWARE = st.datetimes(
    min_value=__import__("datetime").datetime(2020, 1, 1), max_value=__import__("datetime").datetime(2030, 1, 1)
)


@given(
    accuracy=st.one_of(st.none(), st.integers(0, 10**6), st.booleans(), st.integers(0, 99).map(str)),
    latitude=st.one_of(
        st.none(),
        st.decimals(min_value=-90, max_value=90, places=6, allow_nan=False),
        st.floats(-90, 90, allow_nan=False),
        st.just("30.123456"),
    ),
    occurred=st.one_of(_AWARE.map(lambda d: d.replace(tzinfo=__import__("datetime").UTC)), _AWARE),
    work_date=st.one_of(st.dates(), st.just("2026-12-06")),
    within=st.one_of(st.none(), st.booleans(), st.integers(0, 1)),
    key=st.one_of(st.text(min_size=1, max_size=64), st.integers(0, 99)),
    signals=st.one_of(st.just([]), st.just([{"code": "repeated_coordinates"}])),
    placement=st.one_of(st.integers(1, 2**31 - 1), st.just("7"), st.booleans()),
    decided_by=st.one_of(st.none(), st.integers(1, 2**62)),
)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_insert_values_equal_what_save_sends(
    accuracy, latitude, occurred, work_date, within, key, signals, placement, decided_by
):
    """For any values a check-in may carry - of the expected type or not, aware or naive, None - the INSERT's
    values are those Model.save() would send (the shortcut only skips conversions that change nothing)."""
    import warnings
    from unittest import mock

    from django.utils import timezone

    from workbridge.placements.models import CheckIn

    checkin = CheckIn(
        placement_id=placement,
        decided_by_id=decided_by,
        client_key=key,
        occurred_at=occurred,
        work_date=work_date,
        latitude=latitude,
        longitude=latitude,
        accuracy_m=accuracy,
        within_geofence=within,
        device_hash="ab" * 32,
        signals=signals,
    )
    fields = [f for f in rows.concrete_fields(CheckIn) if not f.primary_key]
    now = timezone.now()
    # the same values handed over without an instance: final, the automatic timestamp given (insert_values_from)
    given = {f.attname: getattr(checkin, f.attname) for f in fields} | {"received_at": now}
    with warnings.catch_warnings(), mock.patch("django.utils.timezone.now", return_value=now):
        warnings.simplefilter("ignore", RuntimeWarning)  # a naive datetime: save() warns, and so does the shortcut
        try:
            expected = _comparable(_save_values(checkin, fields))
        except Exception as exc:  # a value save() refuses: the shortcut refuses it alike
            with pytest.raises(type(exc)):
                rows.insert_values(checkin, fields)
            with pytest.raises(type(exc)):
                rows.insert_values_from(CheckIn, fields, given)
            return
        assert _comparable(rows.insert_values(checkin, fields)) == expected
        assert _comparable(rows.insert_values_from(CheckIn, fields, given)) == expected
