"""core.rows: the hot statements' cursor. On PostgreSQL it prepares its statements once per connection, and only
its own (Django's other statements stay unprepared, as Django leaves them for connection poolers); the query log
still shows their text; DB_PREPARED_STATEMENTS=false turns it off."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
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
