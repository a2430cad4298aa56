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
        recompute_debounce_seconds=2,
        # the worker judges check-ins at once: the test run's own load around the stack (its other tests on the
        # same processors) must not make it wait for the processors to ease, as it does in a surge
        checkin_assess_busy_pressure=101,
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


POSTINGS_CSV = (
    "职位,公司,薪资,地区,发布日期,职位描述\n"
    "数控车床操作工,成都精工机械有限公司,6-8千/月,四川成都,2026-10-12,操作数控车床，会看图纸，会使用量具\n"
    "汽车维修技师,绵阳顺达汽车服务有限公司,5000-7000元/月,四川绵阳,2026-10-20,负责汽车维修保养，持有维修技能证书优先\n"
    "电商客服专员,成都蓉城电商有限公司,4-5千/月,四川成都,2026-11-03,在线解答客户咨询，处理售后问题\n"
).encode()


def test_an_uploaded_postings_file_is_imported_by_the_worker_not_the_request(stack):
    """The user's path (the ingest API through nginx, a token) only stores the file and queues the work: with the
    worker paused the batch stays waiting, however long; once the worker runs, it imports the file (recorded as its
    run, with its host) and the demand recompute that follows is queued and run by the worker too."""
    import requests

    made = stack.manage(
        "shell",
        "-c",
        "from rest_framework.authtoken.models import Token\n"
        "from workbridge.organizations.models import User\n"
        "user, _ = User.objects.get_or_create(username='stack-ingest', defaults={'is_superuser': True})\n"
        "print(Token.objects.get_or_create(user=user)[0].key)",
    )
    token = made.stdout.strip().splitlines()[-1]
    headers = {"Authorization": f"Token {token}"}
    started = _sql(stack, "SELECT now()")[0][0]
    worker = stack.processes["worker"].pid
    os.killpg(worker, signal.SIGSTOP)  # the whole worker (main process and its pool) stops taking work
    try:
        answer = requests.post(
            f"{stack.url}/api/v1/labour-market/postings/ingest/",
            headers=headers,
            files={"file": ("岗位.csv", POSTINGS_CSV, "text/csv")},
            data={"source": "stack test"},
            timeout=60,
        )
        assert answer.status_code == 201, answer.text
        assert answer.headers["Server"] == "nginx"
        batch = answer.json()
        assert batch["status"] == "pending" and batch["imported"] == 0, "the request itself imported nothing"
        time.sleep(3)
        still = requests.get(f"{stack.url}/api/v1/labour-market/batches/{batch['id']}/", headers=headers, timeout=30)
        assert still.json()["status"] == "pending", "nothing but the worker processes the batch"
        assert not _sql(stack, "SELECT 1 FROM labour_market_posting WHERE batch_id = %s", batch["id"]), (
            "no posting is written while the worker is paused"
        )
    finally:
        os.killpg(worker, signal.SIGCONT)

    def finished():
        got = requests.get(f"{stack.url}/api/v1/labour-market/batches/{batch['id']}/", headers=headers, timeout=30)
        return got.json() if got.json()["status"] in ("done", "failed") else None

    done = _wait(finished, 90, "the worker to import the batch")
    assert done["status"] == "done", done
    assert done["imported"] == 3
    runs = _wait(
        lambda: _sql(
            stack,
            "SELECT task_id, host, status FROM operations_jobrun WHERE name = %s AND started_at >= %s AND status <> %s",
            "labour_market.ingest_batch",
            started,
            "running",
        ),
        30,
        "the worker's record of the import run",
    )
    assert len(runs) == 1 and runs[0][2] == "succeeded", runs
    assert runs[0][0] and runs[0][1], "the run records its task id and the host of the worker that ran it"
    # The talent-demand tables follow the new postings: a recompute queued after the import, run by the worker.
    recompute = _wait(
        lambda: _sql(
            stack,
            "SELECT host FROM operations_jobrun WHERE name = %s AND status = %s AND started_at >= %s",
            "labour_market.demand_recompute",
            "succeeded",
            started,
        ),
        60,
        "the demand recompute queued by the import",
    )
    assert recompute[0][0]


CHECKIN_SETUP = """
from rest_framework.authtoken.models import Token
from workbridge.academics.models import Student
from workbridge.core.roles import Role
from workbridge.core.testing import build_world
from workbridge.organizations.models import Membership, User
from workbridge.placements.models import Placement
from workbridge.placements.tests.factories import PlacementFactory, PositionFactory
# The stack's database is kept between runs: the world is built once and found again afterwards (factories number
# their records from 1 in each process, so nothing else is made by a factory that would need a new number).
if not User.objects.filter(username="w_platform").exists():
    build_world()
student = Student.objects.get(user__username=f"w_{Role.STUDENT}_1")
placement = Placement.objects.filter(student=student, status="active").first()
if placement is None:
    enterprise = Membership.objects.get(user__username=f"w_{Role.ENTERPRISE_ADMIN}_1").organization
    position = PositionFactory(title="stack check-in", enterprise=enterprise, reviewed_by_school=student.school)
    placement = PlacementFactory(student=student, position=position, status="active")
token = Token.objects.get_or_create(user=student.user)[0].key
print(token, placement.pk, placement.position.latitude, placement.position.longitude)
"""


def test_a_check_in_is_answered_at_once_and_judged_by_the_worker(stack):
    """The morning surge's path as deployed: a student's check-in through nginx is stored by one statement and
    answered without its trust signals; the worker, woken by it, judges them a moment later."""
    import requests

    made = stack.manage("shell", "-c", CHECKIN_SETUP)
    token, placement, lat, lon = made.stdout.strip().splitlines()[-1].split()
    answer = requests.post(
        f"{stack.url}/api/v1/placements/checkins/",
        headers={"Authorization": f"Token {token}"},
        json={"placement": int(placement), "client_key": f"stack-{time.time_ns()}", "latitude": float(lat),
              "longitude": float(lon), "accuracy_m": 8, "device_id": "stack-phone"},
        timeout=30,
    )  # fmt: skip
    assert answer.status_code == 201, answer.text
    checkin = answer.json()
    assert checkin["within_geofence"] is True and checkin["signals"] is None, checkin
    judged = _wait(
        lambda: _sql(
            stack, "SELECT signals FROM placements_checkin WHERE id = %s AND signals IS NOT NULL", checkin["id"]
        ),
        60,
        "the worker to judge the check-in's trust signals",
    )
    # judged: a list of signals (which ones depends on the hour and on the check-ins of earlier runs kept in the
    # stack's database: outside the shift at night, the same spot three times)
    assert isinstance(judged[0][0], list), judged
