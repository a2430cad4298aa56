"""The embedded SQLite database under concurrent writers (issue 8 item 11): the settings' IMMEDIATE transactions
and busy timeout let ten writers that read then write all succeed; and a write that still loses the race answers
409 with Retry-After, never 500."""

import threading
import time

import pytest
from django.conf import settings
from django.db import OperationalError, connections, transaction
from django.test import override_settings

from workbridge.core.exceptions import Busy, busy_from_database_error
from workbridge.core.roles import Role


def _writers(db_settings: dict, n: int = 10) -> list[Exception]:
    """n threads each run one read-then-write transaction on the same row, as compute/publish/convert do."""
    errors: list[Exception] = []
    barrier = threading.Barrier(n)
    with override_settings(DATABASES={**settings.DATABASES, "concurrency": db_settings}):
        connections.settings = connections.configure_settings(None)
        setup = connections["concurrency"]
        with setup.cursor() as cursor:
            cursor.execute("CREATE TABLE IF NOT EXISTS counter (id INTEGER PRIMARY KEY, n INTEGER)")
            cursor.execute("INSERT OR REPLACE INTO counter VALUES (1, 0)")

        def work():
            try:
                barrier.wait()
                with transaction.atomic(using="concurrency"):
                    with connections["concurrency"].cursor() as cursor:
                        cursor.execute("SELECT n FROM counter WHERE id = 1")
                        value = cursor.fetchone()[0]
                        time.sleep(0.05)  # the work between reading and writing, so transactions overlap
                        cursor.execute("UPDATE counter SET n = %s WHERE id = 1", [value + 1])
            except Exception as exc:  # collected and asserted on below
                errors.append(exc)
            finally:
                connections["concurrency"].close()

        threads = [threading.Thread(target=work) for _ in range(n)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        with setup.cursor() as cursor:
            cursor.execute("SELECT n FROM counter WHERE id = 1")
            total = cursor.fetchone()[0]
        setup.close()
        del connections["concurrency"]  # the wrapper is cached per thread; the next test gets its own
    connections.settings = connections.configure_settings(None)
    return errors, total


def _sqlite(path, **options):
    base = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "ATOMIC_REQUESTS": False,
        "AUTOCOMMIT": True,
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
        "TIME_ZONE": None,
        "USER": "",
        "PASSWORD": "",
        "HOST": "",
        "PORT": "",
        "TEST": {},
    }
    return {**base, "OPTIONS": options}


@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="the embedded-database settings only apply to SQLite",
)
def test_ten_concurrent_read_then_write_transactions_all_succeed(tmp_path, django_db_blocker):
    with django_db_blocker.unblock():
        errors, total = _writers(_sqlite(tmp_path / "ours.sqlite3", **settings.DATABASES["default"]["OPTIONS"]))
    assert errors == [] and total == 10


def test_without_immediate_transactions_writers_fail(tmp_path, django_db_blocker):
    """The failure the settings prevent: deferred transactions that read and then write deadlock on upgrade."""
    with django_db_blocker.unblock():
        errors, _total = _writers(
            _sqlite(tmp_path / "deferred.sqlite3", timeout=5, init_command="PRAGMA journal_mode=WAL;")
        )
    assert any("locked" in str(e) for e in errors)


def test_database_lock_errors_become_busy():
    assert isinstance(busy_from_database_error(OperationalError("database is locked")), Busy)
    assert busy_from_database_error(OperationalError("no such table: x")) is None
    assert busy_from_database_error(ValueError("database is locked")) is None


@pytest.mark.django_db
def test_a_lost_race_answers_409_with_retry_after(world, client, api_client_for, monkeypatch):
    from workbridge.core import views as core_views

    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(core_views, "render", locked)
    client.force_login(world.users[Role.SCHOOL_ADMIN])
    page = client.get("/notifications/")
    assert page.status_code == 409 and page["Retry-After"] == "2"

    from workbridge.academics import apis as academics_apis

    monkeypatch.setattr(academics_apis.StudentViewSet, "list", locked)
    answer = api_client_for(world.users[Role.SCHOOL_ADMIN]).get("/api/v1/students/")
    assert answer.status_code == 409 and answer["Retry-After"] == "2" and answer.json()["code"] == "busy"
