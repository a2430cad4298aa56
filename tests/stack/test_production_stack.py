"""The production stack as it runs: nginx in front of gunicorn on production settings, a real Celery worker and
beat on Redis, PostgreSQL (scripts/stack.py, `make stack`). Runs where PostgreSQL and Redis answer on the loopback
(this machine kind and CI); skipped with a message elsewhere, e.g. `make test` on SQLite alone."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "scripts"))


def _answers(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


pytestmark = [
    pytest.mark.stack,
    pytest.mark.skipif(
        not (os.environ.get("DATABASE_URL", "").startswith("postgres") and _answers(5432) and _answers(6379)),
        reason="the production-stack test needs PostgreSQL (DATABASE_URL) and Redis on 127.0.0.1",
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    from stack import Stack

    with Stack(
        port=_free_port(),
        database="workbridge_stack_test",
        redis_db=14,
        root=tmp_path_factory.mktemp("stack"),
        beat_every_seconds=3,
    ) as running:
        yield running


def _sql(stack, query: str, *params):
    import psycopg

    with psycopg.connect(stack.database_url) as conn:
        return conn.execute(query, params).fetchall()


def _wait(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def test_a_page_through_nginx_on_production_settings(stack):
    with urllib.request.urlopen(f"{stack.url}/accounts/login/") as page:
        body = page.read().decode()
        assert page.status == 200 and page.headers["Server"] == "nginx"
        assert page.headers["X-Frame-Options"] == "DENY"
        assert "csrfmiddlewaretoken" in body
    # Static files come from nginx (collectstatic output, cached for a year), not from gunicorn.
    with urllib.request.urlopen(f"{stack.url}/static/css/workbridge.css") as css:
        assert css.status == 200 and "public, immutable" in css.headers.get_all("Cache-Control")
    # Uploads are never served straight from disk.
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{stack.url}/media/licences/anything.pdf")
    assert refused.value.code == 404


def test_beat_schedules_a_job_that_the_worker_runs(stack):
    rows = _wait(
        lambda: _sql(
            stack,
            "SELECT status, host FROM operations_jobrun WHERE name = %s AND status = %s",
            "operations.probe",
            "succeeded",
        ),
        45,
        "a beat-scheduled probe run by the worker",
    )
    assert rows[0][1], "the run records the worker host that executed it"


def test_a_task_whose_worker_process_is_killed_runs_again(stack):
    from celery import Celery

    client = Celery(broker=stack.redis_url)
    task_id = client.send_task("operations.probe", kwargs={"seconds": 6}).id
    _wait(
        lambda: _sql(stack, "SELECT 1 FROM operations_jobrun WHERE task_id = %s AND status = %s", task_id, "running"),
        30,
        "the probe to start",
    )
    worker = stack.processes["worker"].pid
    children = subprocess.run(["pgrep", "-P", str(worker)], capture_output=True, text=True).stdout.split()
    assert children, "the worker has pool processes"
    for pid in children:  # what the kernel's OOM killer would do to the process running the task
        os.kill(int(pid), signal.SIGKILL)
    _wait(
        lambda: _sql(stack, "SELECT 1 FROM operations_jobrun WHERE task_id = %s AND status = %s", task_id, "succeeded"),
        60,
        "the killed task to be delivered again and finish",
    )
    failed = _sql(stack, "SELECT error FROM operations_jobrun WHERE task_id = %s AND status = %s", task_id, "failed")
    assert failed and "worker lost" in failed[0][0]
