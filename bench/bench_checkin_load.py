"""The 8 a.m. surge: many students check in at once against gunicorn + PostgreSQL on loopback.

    .venv/bin/python bench/bench_checkin_load.py [--clients 200] [--checkins 3] [--workers 4] [--db bench_checkin]

1. Creates a fresh PostgreSQL database on 127.0.0.1:5432 (skips with a message if PostgreSQL is absent),
   migrates it, and seeds N students with active placements and API tokens.
2. Starts gunicorn (loopback, --workers W, gthread) on a free port.
3. Phase A: every client GETs the trivial authenticated JSON endpoint /api/v1/placements/ping/ K times.
   Phase B: every client POSTs K check-ins to /api/v1/placements/checkins/, each with its own client key;
   a request that fails (connection error, timeout, 5xx) is retried with the SAME key (at most --retries
   times, with a short back-off). About one in ten check-ins is deliberately sent twice (a duplicate re-send).
4. Prints BENCH lines: throughput, p50/p95/p99 latency of both phases and their throughput ratio; then counts
   rows: every check-in the clients were told was stored exists exactly once (no loss, no duplicate).

Everything is bounded: a per-request timeout, a retry cap, and a global deadline (--deadline seconds).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def bench(name: str, value, unit: str) -> None:
    print(f"BENCH {name} {value} {unit}", flush=True)


def postgres_available(host="127.0.0.1", port=5432) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return True
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def recreate_database(name: str) -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def seed(n_students: int) -> list[tuple[str, int]]:
    """N students with active placements at one enterprise; returns (token, placement id) per student."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone
    from rest_framework.authtoken.models import Token

    from workbridge.academics.models import Cohort, Major, Student
    from workbridge.core.roles import Role
    from workbridge.organizations.engines.credit_code import make_credit_code
    from workbridge.organizations.models import Membership, Organization, Region, User
    from workbridge.placements.models import Placement, Position

    call_command("migrate", verbosity=0)
    region = Region.objects.create(code="330100", name="杭州市")
    school = Organization.objects.create(kind="school", name="基准职业技术学院", region=region)
    enterprise = Organization.objects.create(
        kind="enterprise",
        name="基准智能制造有限公司",
        region=region,
        credit_code=make_credit_code("913301000000000001"[:17]),
        staff_count=100000,
    )
    major = Major.objects.create(school=school, code="460301", name="机电一体化技术")
    cohort = Cohort.objects.create(major=major, intake_year=2024, name="2024级机电1班")
    today = timezone.localdate()
    position = Position.objects.create(
        enterprise=enterprise,
        title="装配实习生",
        occupation_code="6-31-01-03",
        places=n_students,
        workplace_address="杭州",
        latitude=30.2,
        longitude=120.2,
        geofence_radius_m=300,
        monthly_pay=4000,
        daily_hours=8,
        shift_start=dt.time(0, 0),
        shift_end=dt.time(23, 59),
        start_date=today - dt.timedelta(days=10),
        end_date=today + dt.timedelta(days=170),
        status="approved",
        reviewed_by_school=school,
    )
    users = User.objects.bulk_create([User(username=f"bench{i:05d}", password="!") for i in range(n_students)])
    memberships = Membership.objects.bulk_create(
        [Membership(user=u, organization=school, role=Role.STUDENT) for u in users]
    )
    for u, m in zip(users, memberships, strict=True):
        u.current_membership = m
    User.objects.bulk_update(users, ["current_membership"])
    students = Student.objects.bulk_create(
        [
            Student(
                school=school,
                user=u,
                student_number=f"B{i:07d}",
                name=f"学生{i}",
                gender="M",
                birth_date=dt.date(2004, 1, 1),
                major=major,
                cohort=cohort,
                grade_year=2,
            )
            for i, u in enumerate(users)
        ]
    )
    placements = Placement.objects.bulk_create(
        [
            Placement(
                student=s,
                position=position,
                school=school,
                enterprise=enterprise,
                start_date=position.start_date,
                end_date=position.end_date,
                status="active",
                qr_secret=uuid.uuid4().hex,
            )
            for s in students
        ]
    )
    tokens = Token.objects.bulk_create([Token(user=u, key=uuid.uuid4().hex[:40]) for u in users])
    return [(t.key, p.pk) for t, p in zip(tokens, placements, strict=True)]


def request(url: str, token: str, body: bytes | None, timeout: float) -> tuple[int, float]:
    req = urllib.request.Request(
        url,
        data=body,
        method="POST" if body else "GET",
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json", "Accept": "application/json"},
    )
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            resp.read()
            code = resp.status
    except urllib.error.HTTPError as exc:
        exc.read()
        code = exc.code
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError):
        code = 0
    return code, time.perf_counter() - start


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    k = min(len(values) - 1, max(0, round(q / 100 * (len(values) - 1))))
    return values[k]


def run_phase(name, clients, per_client, make_request, deadline, retries, timeout):
    latencies: list[float] = []
    lock = threading.Lock()
    outcome = {"ok": 0, "failed": 0, "retries": 0}
    stored_keys: list[tuple[int, str]] = []
    barrier = threading.Barrier(len(clients))

    def client(i):
        barrier.wait()
        token, placement = clients[i]
        for k in range(per_client):
            key = f"bench-{i}-{k}-{uuid.uuid4().hex[:8]}"
            sends = 2 if (name == "checkin" and random.random() < 0.1) else 1  # deliberate duplicate re-sends
            for _send in range(sends):
                attempt = 0
                while True:
                    if time.monotonic() > deadline:
                        with lock:
                            outcome["failed"] += 1
                        return
                    code, seconds = make_request(token, placement, key, timeout)
                    with lock:
                        latencies.append(seconds)
                    if code in (200, 201):
                        with lock:
                            outcome["ok"] += 1
                            if name == "checkin" and _send == 0:
                                stored_keys.append((placement, key))
                        break
                    attempt += 1
                    if attempt > retries or (400 <= code < 500 and code not in (408, 429)):
                        with lock:
                            outcome["failed"] += 1
                        break
                    with lock:
                        outcome["retries"] += 1
                    time.sleep(min(2.0, 0.05 * 2**attempt) * random.random())

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(clients)) as pool:
        list(pool.map(client, range(len(clients))))
    elapsed = time.perf_counter() - started
    return {"elapsed": elapsed, "latencies": latencies, "stored": stored_keys, **outcome}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--checkins", type=int, default=3, help="check-ins (and pings) per client")
    parser.add_argument("--workers", type=int, default=max(2, (os.cpu_count() or 2) * 2))
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--db", default="bench_checkin")
    parser.add_argument("--retries", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--deadline", type=float, default=240.0, help="seconds for the whole load phase")
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args()

    if not postgres_available():
        print("SKIP bench_checkin_load: PostgreSQL is not reachable on 127.0.0.1:5432", flush=True)
        return 0
    if shutil.which("gunicorn", path=str(ROOT / ".venv" / "bin")) is None and shutil.which("gunicorn") is None:
        print("SKIP bench_checkin_load: gunicorn is not installed", flush=True)
        return 0
    database_url = f"postgres://postgres@127.0.0.1:5432/{args.db}"
    env = dict(
        os.environ,
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DJANGO_DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        LOG_LEVEL="WARNING",
        CONN_MAX_AGE="60",
    )
    os.environ.update(
        {k: env[k] for k in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_DEBUG", "ALLOWED_HOSTS", "LOG_LEVEL")}
    )
    recreate_database(args.db)
    t0 = time.perf_counter()
    clients = seed(args.clients)
    print(f"# seeded {len(clients)} students with active placements in {time.perf_counter() - t0:.1f}s", flush=True)

    port = free_port()
    gunicorn = (
        str(ROOT / ".venv" / "bin" / "gunicorn") if (ROOT / ".venv" / "bin" / "gunicorn").exists() else "gunicorn"
    )
    server = subprocess.Popen(
        [
            gunicorn,
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(args.threads),
            "--backlog",
            "2048",
            "--log-level",
            "warning",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            code, _s = request(f"{base}/api/v1/placements/ping/", clients[0][0], None, 2)
            if code == 200:
                break
            if server.poll() is not None:
                print(server.stderr.read().decode()[-2000:])
                print("SKIP bench_checkin_load: gunicorn did not start", flush=True)
                return 1
            time.sleep(0.2)
        else:
            print("SKIP bench_checkin_load: gunicorn did not answer", flush=True)
            return 1
        deadline = time.monotonic() + args.deadline

        def ping(token, placement, key, timeout):
            return request(f"{base}/api/v1/placements/ping/", token, None, timeout)

        def checkin(token, placement, key, timeout):
            import json

            body = json.dumps(
                {
                    "placement": placement,
                    "client_key": key,
                    "latitude": 30.2 + random.uniform(-0.001, 0.001),
                    "longitude": 120.2 + random.uniform(-0.001, 0.001),
                    "accuracy_m": 12,
                    "device_id": f"dev-{placement}",
                }
            ).encode()
            return request(f"{base}/api/v1/placements/checkins/", token, body, timeout)

        ping_phase = run_phase("ping", clients, args.checkins, ping, deadline, args.retries, args.timeout)
        check_phase = run_phase("checkin", clients, args.checkins, checkin, deadline, args.retries, args.timeout)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)

    for name, phase in (("ping", ping_phase), ("checkin", check_phase)):
        lat = phase["latencies"]
        bench(f"checkin_load_{name}_throughput", round(phase["ok"] / phase["elapsed"], 1), "req/s")
        for q in (50, 95, 99):
            bench(f"checkin_load_{name}_p{q}", round(percentile(lat, q) * 1000, 1), "ms")
        bench(f"checkin_load_{name}_retries", phase["retries"], "count")
        bench(f"checkin_load_{name}_failed", phase["failed"], "count")
    ping_rate = ping_phase["ok"] / ping_phase["elapsed"]
    check_rate = check_phase["ok"] / check_phase["elapsed"]
    bench("checkin_load_clients", len(clients), "clients")
    bench(
        "checkin_load_throughput_ratio_checkin_vs_ping",
        round(check_rate / ping_rate, 3) if ping_rate else "nan",
        "ratio",
    )

    from django.db import connection
    from django.db.models import Count

    from workbridge.placements.models import CheckIn

    connection.close()
    rows = CheckIn.objects.count()
    duplicates = CheckIn.objects.values("placement_id", "client_key").annotate(n=Count("id")).filter(n__gt=1).count()
    stored = set(CheckIn.objects.values_list("placement_id", "client_key"))
    acknowledged = set(check_phase["stored"])
    lost = len(acknowledged - stored)
    bench("checkin_load_rows", rows, "rows")
    bench("checkin_load_acknowledged", len(acknowledged), "checkins")
    bench("checkin_load_lost", lost, "checkins")
    bench("checkin_load_duplicated", duplicates, "checkins")
    if not args.keep_db:
        connection.close()
        recreate_database(args.db)
    bench("checkin_load_stored_unacknowledged", rows - len(acknowledged & stored), "checkins")
    ok = lost == 0 and duplicates == 0
    print(
        "# OK: no check-in lost, none duplicated" if ok else "# FAILED: rows do not match acknowledged check-ins",
        flush=True,
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
