"""The 8 a.m. surge: many students check in at once against gunicorn + PostgreSQL on loopback.

    .venv/bin/python bench/bench_checkin_load.py [--connections 20,50,200] [--duration 10] [--students 2000]
                                                 [--workers 4] [--generator wrk|python] [--db bench_checkin]

1. Creates a fresh PostgreSQL database on 127.0.0.1:5432 (skips with a message if PostgreSQL is absent),
   migrates it, and seeds N students with active placements and API tokens, and --history-days (20) days of
   earlier check-ins each (two a day), which every new check-in's trust signals read.
2. Starts gunicorn (loopback, --workers W, gthread with --threads T, or --worker-class sync) on a free port, each
   worker on a listening socket of its own (--reuse-port: the kernel spreads wrk's long-lived connections over
   the workers), and warms every worker up at the most connections. With --assess after (the default; Redis on
   127.0.0.1:6379, its database 13), it also starts one Celery worker of lower priority, as deployed, which
   judges the trust signals of the check-ins stored in one statement; --assess inline judges them as each
   check-in is stored.
3. For each number of connections (20, 50 and 200 by default), in one run against the same server, in
   --alternations (3) rounds of ping then check-in, --duration (10) seconds each (the shared machine's speed
   drifts within minutes; alternating rounds put both under the same drift):
   ping: GET the trivial authenticated JSON endpoint /api/v1/placements/ping/;
   check-in: POST /api/v1/placements/checkins/, each check-in with its own client key, about one in ten
   deliberately sent again with the same key (a re-send after a lost answer). After each check-in round the
   next waits until the worker has judged every check-in (it gives way while the processors are busy:
   placements.assess_checkins), and the CPU that took is counted for the check-ins (BENCH
   checkin_judging_cpu_ms_per_checkin_<n>), with the ratio a surge that never lets up would see.
   The load comes from wrk (a Lua script, bench/checkin_load.lua, builds each request and records every
   acknowledged check-in from the answer body); `--generator python` uses threads and urllib instead
   (slower: on 2 cores the generator competes with the server), and is used when wrk is missing.
4. Prints BENCH lines per number of connections: check-in and ping throughput (2xx answers per second over
   all rounds), p50/p99 latency (exact, over every answer of every round), their throughput ratio (and, as a
   comment, each round's); the load average at start; then checks the rows: every check-in
   the clients were told was stored exists exactly once (no loss, no duplicate), and - after waiting for the
   worker - every one has its trust signals judged.

Everything is bounded: a per-request timeout and a fixed duration per measurement.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
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


def seed(n_students: int, history_days: int = 0) -> list[tuple[str, int]]:
    """N students with active placements at one enterprise, each with ``history_days`` days of check-ins behind
    them; returns (token, placement id) per student."""
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
    if history_days:
        # What a placement looks like a few weeks in: an arrival and a departure a day, from the student's phone,
        # near the workplace. Each new check-in's trust signals read these (the last 30 days, the device's day).
        from workbridge.core import crypto
        from workbridge.placements.models import CheckIn

        rng = random.Random(7)
        now = timezone.now()
        rows = []
        for p in placements:
            device = crypto.keyed_hash(f"dev-{p.pk}")[:64]
            for day in range(1, history_days + 1):
                for direction, hours_ago in (("in", 24 * day + 9), ("out", 24 * day)):
                    at = now - dt.timedelta(hours=hours_ago, minutes=rng.randint(0, 30))
                    rows.append(
                        CheckIn(
                            placement=p,
                            client_key=f"seed-{p.pk}-{day}-{direction}",
                            direction=direction,
                            occurred_at=at,
                            work_date=timezone.localtime(at).date(),
                            latitude=round(30.2 + rng.uniform(-0.001, 0.001), 6),
                            longitude=round(120.2 + rng.uniform(-0.001, 0.001), 6),
                            accuracy_m=10,
                            distance_m=rng.randint(0, 120),
                            within_geofence=True,
                            device_hash=device,
                        )
                    )
        CheckIn.objects.bulk_create(rows, batch_size=5000)
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return [(t.key, p.pk) for t, p in zip(tokens, placements, strict=True)]


def request(url: str, token: str, body: bytes | None, timeout: float) -> tuple[int, float, bytes]:
    req = urllib.request.Request(
        url,
        data=body,
        method="POST" if body else "GET",
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json", "Accept": "application/json"},
    )
    start = time.perf_counter()
    data = b""
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            data = resp.read()
            code = resp.status
    except urllib.error.HTTPError as exc:
        exc.read()
        code = exc.code
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError):
        code = 0
    return code, time.perf_counter() - start, data


BENCH_REDIS_URL = "redis://127.0.0.1:6379/13"
WORKER_NICE = 10


def redis_available() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


def wait_assessed(since: float, worker, limit: float = 300.0) -> float:
    """Seconds from ``since`` until no check-in waits for its trust signals (-1: not within ``limit``); the web
    server is stopped by then, so the worker has the machine."""
    from django.db import connection

    from workbridge.placements.models import CheckIn

    while time.perf_counter() - since < limit and worker.poll() is None:
        if not CheckIn.objects.awaiting_assessment().exists():
            connection.close()
            return time.perf_counter() - since
        time.sleep(0.2)
    connection.close()
    return -1.0


def cpu_by_group(server_pid: int, worker_pid: int | None = None) -> dict[str, float]:
    """CPU seconds used so far by each kind of process on the machine (from /proc): the web server (gunicorn's
    process group), PostgreSQL's backends and its background processes (WAL writer, checkpointer...), the load
    generator, and the rest; plus the kernel's interrupt time. Read before and after a measurement, the
    difference says where the two cores went - what a request costs beyond the Python a profile sees."""
    tick = os.sysconf("SC_CLK_TCK")
    groups = {
        "web": 0.0,
        "worker": 0.0,
        "postgres_backends": 0.0,
        "postgres_background": 0.0,
        "generator": 0.0,
        "other": 0.0,
    }
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        name, fields = stat[stat.index("(") + 1 : stat.rindex(")")], stat[stat.rindex(")") + 2 :].split()
        seconds = (int(fields[11]) + int(fields[12])) / tick
        if int(fields[2]) == server_pid:  # process group of the gunicorn master
            groups["web"] += seconds
        elif worker_pid is not None and int(fields[2]) == worker_pid:  # the Celery worker's process group
            groups["worker"] += seconds + (int(fields[13]) + int(fields[14])) / tick
        elif int(entry) == os.getpid():
            # this script and the wrk runs it waited for (their time is added to its children's)
            groups["generator"] += seconds + (int(fields[13]) + int(fields[14])) / tick
        elif name == "wrk":
            groups["generator"] += seconds
        elif cmdline.startswith("postgres: ") and (
            " idle" in cmdline or "127.0.0.1" in cmdline or "[local]" in cmdline
        ):
            groups["postgres_backends"] += seconds
        elif cmdline.startswith("postgres") or name.startswith("postgres"):
            groups["postgres_background"] += seconds
            if int(fields[1]) == 1 or not cmdline.startswith("postgres: "):
                # the postmaster: backends that ended (a web thread's connection closed) add their time to its
                # children's, so that they are not lost between the readings
                groups["postgres_backends"] += (int(fields[13]) + int(fields[14])) / tick
        else:
            groups["other"] += seconds
    try:
        cpu = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
        groups["kernel_interrupts"] = (int(cpu[5]) + int(cpu[6])) / tick  # irq + softirq (loopback TCP)
        groups["idle"] = (int(cpu[3]) + int(cpu[4])) / tick
    except (OSError, IndexError, ValueError):
        pass
    return groups


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    k = min(len(values) - 1, max(0, round(q / 100 * (len(values) - 1))))
    return values[k]


def merged(rounds: list[dict]) -> dict:
    """One measurement from several rounds of the same mode and number of connections: counts and seconds added
    up, the latency percentiles computed from every round's latencies together (exact: each round hands over
    its whole latency histogram), the acknowledged check-ins and the CPU time joined."""
    total: dict = {"acked": set(), "latency_us": Counter(), "cpu": Counter()}
    for r in rounds:
        for key, value in r.items():
            if key == "acked":
                total["acked"] |= value
            elif key in ("latency_us", "cpu"):
                total[key].update(value)
            elif isinstance(value, int | float) and not key.startswith(("p50", "p90", "p99", "max")):
                total[key] = total.get(key, 0) + value
    histogram = sorted(total["latency_us"].items())
    answered = sum(count for _value, count in histogram)
    for q in (50, 99):
        if not answered:
            total[f"p{q}_us"] = float("nan")
            continue
        rank, seen = q / 100 * answered, 0
        for value, count in histogram:
            seen += count
            if seen >= rank:
                total[f"p{q}_us"] = value
                break
    total["cpu"] = dict(total["cpu"])
    return total


def run_wrk(base, mode, connections, duration, students_file, outdir, dup_rate, timeout) -> dict:
    """One wrk measurement; returns the script's summary (counts, latency percentiles in microseconds)."""
    threads = min(2, connections)
    nonce = f"r{uuid.uuid4().hex[:10]}"
    out = subprocess.run(
        [
            shutil.which("wrk") or "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            f"--timeout={int(timeout)}s",
            "-s",
            str(Path(__file__).resolve().parent / "checkin_load.lua"),
            base,
            "--",
            mode,
            str(students_file),
            nonce,
            str(outdir),
            str(threads),
            str(dup_rate if mode == "checkin" else 0),
        ],
        capture_output=True,
        text=True,
        timeout=duration + timeout + 60,
        env={**os.environ, "WRK_LATENCY_FILE": str(Path(outdir) / f"latency-{nonce}.txt")},
    )
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("WRKJSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk gave no summary: {out.stdout[-1500:]} {out.stderr[-1500:]}")
    result = json.loads(line[len("WRKJSON ") :])
    acked: set[tuple[int, str]] = set()
    if mode == "checkin":
        for path in Path(outdir).glob("acked-*.txt"):
            for row in path.read_text().splitlines():
                pid, key, _status = row.split(" ")
                acked.add((int(pid), key))
            path.unlink()
    result["acked"] = acked
    result["seconds"] = result["duration_us"] / 1e6
    histogram = Path(outdir) / f"latency-{nonce}.txt"
    result["latency_us"] = {}
    if histogram.exists():
        for row in histogram.read_text().splitlines():
            value, count = row.split(" ")
            result["latency_us"][int(value)] = int(count)
        histogram.unlink()
    return result


def run_python(base, mode, connections, duration, students, dup_rate, timeout, retries) -> dict:
    """The same measurement with threads and urllib; a failed check-in is retried with the SAME key."""
    latencies: list[float] = []
    lock = threading.Lock()
    counts = {"n2xx": 0, "n201": 0, "n4xx": 0, "n5xx": 0, "nother": 0}
    acked: set[tuple[int, str]] = set()
    nonce = uuid.uuid4().hex[:10]
    barrier = threading.Barrier(connections)

    def send(token, placement, key):
        if mode == "ping":
            return request(f"{base}/api/v1/placements/ping/", token, None, timeout)
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

    def client(i):
        barrier.wait()
        end = time.monotonic() + duration
        n = 0
        while time.monotonic() < end:
            token, placement = students[(i + n * connections) % len(students)]
            key = f"{nonce}-{i}-{n}"
            n += 1
            for _send in range(2 if (mode == "checkin" and random.random() < dup_rate) else 1):
                for attempt in range(retries + 1):
                    code, seconds, data = send(token, placement, key)
                    with lock:
                        latencies.append(seconds)
                        if 200 <= code < 300:
                            counts["n2xx"] += 1
                            counts["n201"] += code == 201
                            if mode == "checkin":
                                answer = json.loads(data)
                                acked.add((answer["placement"], answer["client_key"]))
                        elif code >= 500:
                            counts["n5xx"] += 1
                        elif code >= 400:
                            counts["n4xx"] += 1
                        else:
                            counts["nother"] += 1
                    if 200 <= code < 300 or (400 <= code < 500 and code not in (408, 429)):
                        break
                    time.sleep(min(2.0, 0.05 * 2**attempt) * random.random())

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=connections) as pool:
        list(pool.map(client, range(connections)))
    elapsed = time.perf_counter() - started
    return {
        **counts,
        "seconds": elapsed,
        "requests": len(latencies),
        "p50_us": percentile(latencies, 50) * 1e6,
        "p99_us": percentile(latencies, 99) * 1e6,
        "latency_us": dict(Counter(round(seconds * 1e6) for seconds in latencies)),
        "acked": acked,
        "timeouts": 0,
        "connect_errors": 0,
        "read_errors": 0,
        "write_errors": 0,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--connections", default="20,50,200", help="comma-separated numbers of connections")
    parser.add_argument("--duration", type=int, default=10, help="seconds per round of a measurement")
    parser.add_argument(
        "--alternations",
        type=int,
        default=3,
        help="rounds of ping then check-in per number of connections (the shared machine's speed drifts by a "
        "third within minutes: alternating short rounds measures both under the same drift)",
    )
    parser.add_argument("--students", type=int, default=2000)
    parser.add_argument(
        "--history-days", type=int, default=20, help="days of earlier check-ins (2 a day) seeded per student"
    )
    parser.add_argument("--generator", choices=["wrk", "python"], default="wrk")
    parser.add_argument("--dup-rate", type=float, default=0.1, help="share of check-ins sent twice, same key")
    parser.add_argument("--workers", type=int, default=max(2, (os.cpu_count() or 2) * 2))
    parser.add_argument(
        "--worker-class",
        default="gthread",
        choices=["gthread", "sync"],
        help="gunicorn worker class (deploy/ and the Dockerfile run gunicorn's default, sync)",
    )
    parser.add_argument(
        "--threads", type=int, default=4, help="threads per gthread worker (gunicorn.conf.py's default)"
    )
    parser.add_argument("--db", default="bench_checkin")
    parser.add_argument("--retries", type=int, default=5, help="python generator: re-sends of a failed check-in")
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument(
        "--assess",
        default="after",
        choices=["after", "inline"],
        help="after (the default, as deployed with a task queue): trust signals judged by a Celery worker of lower "
        "priority (as deploy/systemd runs it) just after each check-in is stored, needs Redis on 127.0.0.1:6379; "
        "inline: judged while the check-in is stored, as without a queue",
    )
    args = parser.parse_args()
    levels = [int(c) for c in args.connections.split(",") if c.strip()]

    if args.db in ("test", "postgres"):
        parser.error("use a database of its own (the default bench_checkin); 'test' belongs to CI")
    if not postgres_available():
        print("SKIP bench_checkin_load: PostgreSQL is not reachable on 127.0.0.1:5432", flush=True)
        return 0
    if shutil.which("gunicorn", path=str(ROOT / ".venv" / "bin")) is None and shutil.which("gunicorn") is None:
        print("SKIP bench_checkin_load: gunicorn is not installed", flush=True)
        return 0
    generator = args.generator
    if generator == "wrk" and shutil.which("wrk") is None:
        print("# wrk is not installed (apt-get install -y wrk): using the Python generator", flush=True)
        generator = "python"
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
    env.pop("REDIS_URL", None)
    assess = args.assess
    if assess == "after" and not redis_available():
        print("# Redis is not reachable on 127.0.0.1:6379: trust signals judged inline", flush=True)
        assess = "inline"
    if assess == "after":
        env["REDIS_URL"] = BENCH_REDIS_URL
        import redis

        redis.Redis.from_url(BENCH_REDIS_URL).flushdb()  # the bench's own Redis database: no task left from before
    else:
        env["WORKBRIDGE_CHECKIN_ASSESS_AFTER"] = "false"
    os.environ.update(
        {k: env[k] for k in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_DEBUG", "ALLOWED_HOSTS", "LOG_LEVEL")}
    )
    load = os.getloadavg()
    print(f"# load average at start: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} ({os.cpu_count()} cores)", flush=True)
    bench("checkin_load_loadavg_start", round(load[0], 2), "load")
    recreate_database(args.db)
    t0 = time.perf_counter()
    students = seed(args.students, args.history_days)
    print(
        f"# seeded {len(students)} students with active placements and {args.history_days} days of check-ins "
        f"({len(students) * args.history_days * 2} rows) in {time.perf_counter() - t0:.1f}s",
        flush=True,
    )
    workdir = Path(tempfile.mkdtemp(prefix="bench-checkin-"))
    students_file = workdir / "students.txt"
    students_file.write_text("".join(f"{token} {pk}\n" for token, pk in students))

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
            args.worker_class,
            *(["--threads", str(args.threads)] if args.worker_class == "gthread" else []),
            "--backlog",
            "2048",
            # each worker listens on a socket of its own and the kernel spreads new connections over them: wrk's
            # connections live the whole run, and on one shared socket whichever worker woke first kept most of
            # them (seen: 46 of 50 connections on one worker of four, its threads queueing while the others idled,
            # every round a different split). Behind nginx every request comes on a new connection, which the
            # idle workers take; this puts the bench's long connections on the workers as evenly.
            "--reuse-port",
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
    worker = None
    if assess == "after":
        celery = str(ROOT / ".venv" / "bin" / "celery") if (ROOT / ".venv" / "bin" / "celery").exists() else "celery"
        worker = subprocess.Popen(
            [celery, "-A", "config", "worker", "--concurrency", "1", "--loglevel", "warning"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
    worker_pid = worker.pid if worker is not None else None
    if worker is not None:
        # Lower priority, as deploy/systemd's Nice and CPUWeight give the worker's unit. The kernel groups processes
        # by session and shares the processor between the groups: the worker's session as a whole gets the lower
        # weight (a nice value alone would only rank the worker within its own session).
        try:
            Path(f"/proc/{worker.pid}/autogroup").write_text(str(WORKER_NICE))
        except OSError:
            os.setpriority(os.PRIO_PROCESS, worker.pid, WORKER_NICE)
    base = f"http://127.0.0.1:{port}"
    how = "judged after storing, by one Celery worker of lower priority" if assess == "after" else "inline"
    print(f"# trust signals: {how}", flush=True)
    print(
        f"# gunicorn: {args.workers} {args.worker_class} workers"
        f"{f' x {args.threads} threads' if args.worker_class == 'gthread' else ''}; generator: {generator}; "
        f"{args.alternations} rounds of {args.duration}s per measurement, ping and check-in alternating; "
        f"duplicate re-sends: {args.dup_rate:.0%}",
        flush=True,
    )
    results: dict[tuple[str, int], dict] = {}
    judging: dict[int, list[dict]] = {}  # per number of connections: each check-in round's catching up
    rounds: dict[tuple[str, int], list[dict]] = {}
    warmup_acked: set[tuple[int, str]] = set()
    try:
        for _ in range(150):
            code, _s, _d = request(f"{base}/api/v1/placements/ping/", students[0][0], None, 2)
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

        def measure(mode, connections, duration):
            if generator == "wrk":
                return run_wrk(base, mode, connections, duration, students_file, workdir, args.dup_rate, args.timeout)
            return run_python(base, mode, connections, duration, students, args.dup_rate, args.timeout, args.retries)

        def drain():
            # When wrk's time is up, the requests it leaves in flight are still being served (at 200 connections,
            # a few seconds of work): wait until a ping is answered promptly so the next measurement starts clean.
            time.sleep(1)
            for _ in range(30):
                code, seconds, _d = request(f"{base}/api/v1/placements/ping/", students[0][0], None, 10)
                if code == 200 and seconds < 0.1:
                    return
                time.sleep(0.5)

        def catch_up(connections):
            # The worker judges while the processors are free (placements.assess_checkins gives way to the
            # surge): the next measurement starts once it has judged every check-in, and what that took is counted
            # for the check-ins (its processes, PostgreSQL's included, over the wait).
            if worker is None:
                return
            before, started = cpu_by_group(server.pid, worker_pid), time.perf_counter()
            waited = wait_assessed(started, worker, limit=180.0)
            after = cpu_by_group(server.pid, worker_pid)
            spent = {k: after[k] - before.get(k, 0.0) for k in ("worker", "postgres_backends", "postgres_background")}
            if connections is not None:
                judging.setdefault(connections, []).append({"seconds": waited, **spent})

        # Warm-up, not measured, at the most connections: every worker thread imports its lazy modules and opens
        # its database connection on its first requests. The warm-up's check-ins are checked like the others.
        measure("ping", max(levels), 3)
        warmup_acked = measure("checkin", max(levels), 3)["acked"]

        drain()
        catch_up(None)  # the warm-up's check-ins
        for connections in levels:
            for _round in range(args.alternations):
                for mode in ("ping", "checkin"):
                    drain()
                    before = cpu_by_group(server.pid, worker_pid)
                    measured = measure(mode, connections, args.duration)
                    after = cpu_by_group(server.pid, worker_pid)
                    measured["cpu"] = {k: after[k] - before.get(k, 0.0) for k in after}
                    rounds.setdefault((mode, connections), []).append(measured)
                    if mode == "checkin":
                        drain()
                        catch_up(connections)
        results.update({key: merged(measured) for key, measured in rounds.items()})
        load_ended = time.perf_counter()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    drained = None
    if worker is not None:
        drained = wait_assessed(load_ended, worker)
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)

    acknowledged: set[tuple[int, str]] = set(warmup_acked)
    for (mode, connections), r in sorted(results.items(), key=lambda kv: (kv[0][1], kv[0][0] != "ping")):
        rps = r["n2xx"] / r["seconds"]
        r["rps"] = rps
        errors = r["n4xx"] + r["n5xx"] + r["nother"] + r["timeouts"] + r["connect_errors"] + r["read_errors"]
        print(
            f"# {mode} at {connections} connections: {r['requests']} requests, {r['n2xx']} 2xx "
            f"({r['n201']} created), {r['n4xx']} 4xx, {r['n5xx']} 5xx, {r['timeouts']} timeouts, "
            f"{r['connect_errors'] + r['read_errors'] + r['write_errors']} socket errors in {r['seconds']:.1f}s",
            flush=True,
        )
        bench(f"{mode}_rps_{connections}", round(rps, 1), "req/s")
        bench(f"{mode}_p50_ms_{connections}", round(r["p50_us"] / 1000, 1), "ms")
        bench(f"{mode}_p99_ms_{connections}", round(r["p99_us"] / 1000, 1), "ms")
        bench(f"{mode}_errors_{connections}", errors, "count")
        if r["n2xx"] and "cpu" in r:
            # CPU milliseconds per answered request, by kind of process (idle: the cores' unused time)
            per = {k: round(v * 1000 / r["n2xx"], 2) for k, v in r["cpu"].items()}
            print(f"# {mode} at {connections}: CPU ms per request {per}", flush=True)
            bench(
                f"{mode}_cpu_ms_per_request_{connections}",
                round(sum(v for k, v in per.items() if k not in ("idle", "kernel_interrupts")), 2),
                "ms",
            )
        if mode == "checkin":
            bench(f"checkin_created_rps_{connections}", round(r["n201"] / r["seconds"], 1), "req/s")
            acknowledged |= r["acked"]
    for connections in levels:
        ping_rps = results[("ping", connections)]["rps"]
        ratio = results[("checkin", connections)]["rps"] / ping_rps if ping_rps else float("nan")
        bench(f"checkin_ping_ratio_{connections}", round(ratio, 3), "ratio")
        by_round = [
            round((c["n2xx"] / c["seconds"]) / (p["n2xx"] / p["seconds"]), 3)
            for p, c in zip(rounds[("ping", connections)], rounds[("checkin", connections)], strict=True)
            if p["n2xx"] and c["seconds"]
        ]
        print(f"# ratio at {connections} connections round by round: {by_round}", flush=True)
        caught_up = judging.get(connections)
        checkin = results[("checkin", connections)]
        if caught_up and checkin["n2xx"]:
            waits = [c["seconds"] for c in caught_up]
            bench(
                f"checkin_judging_caught_up_s_{connections}",
                round(max(waits), 1) if min(waits) >= 0 else "never",
                "s",
            )
            spent = sum(c["worker"] + c["postgres_backends"] + c["postgres_background"] for c in caught_up)
            per_checkin = spent * 1000 / checkin["n201"] if checkin["n201"] else float("nan")
            bench(f"checkin_judging_cpu_ms_per_checkin_{connections}", round(per_checkin, 3), "ms")
            if "cpu" in checkin and results[("ping", connections)]["n2xx"]:
                ping = results[("ping", connections)]

                def cpu_per_request(r):
                    busy = sum(v for k, v in r["cpu"].items() if k not in ("idle", "kernel_interrupts"))
                    return busy * 1000 / r["n2xx"]

                with_judging = cpu_per_request(checkin) + spent * 1000 / checkin["n2xx"]
                bench(
                    f"checkin_ping_cpu_ratio_with_judging_{connections}",
                    round(cpu_per_request(ping) / with_judging, 3),
                    "ratio",
                )
                parts = {
                    k: sum(c[k] for c in caught_up) for k in ("worker", "postgres_backends", "postgres_background")
                }
                print(
                    f"# at {connections} connections the judging after the rounds took {spent:.2f} s of CPU (the "
                    f"worker {parts['worker']:.2f}, PostgreSQL's backends {parts['postgres_backends']:.2f}, its "
                    f"background processes, autovacuum included, {parts['postgres_background']:.2f}; rounds caught up "
                    f"in {', '.join(f'{w:.1f}' for w in waits)} s): a "
                    f"check-in's CPU with its judging {with_judging:.2f} ms against a ping's "
                    f"{cpu_per_request(ping):.2f}, a ratio of {cpu_per_request(ping) / with_judging:.3f} for a "
                    "surge that never lets up",
                    flush=True,
                )
        for mode in ("ping", "checkin"):
            p99s = [round(r.get("p99_us", float("nan")) / 1000, 1) for r in rounds[(mode, connections)]]
            print(f"# {mode} p99 ms at {connections} connections round by round: {p99s}", flush=True)

    from django.db import connection
    from django.db.models import Count

    from workbridge.placements.models import CheckIn

    connection.close()
    rows = CheckIn.objects.exclude(client_key__startswith="seed-").count()
    duplicates = CheckIn.objects.values("placement_id", "client_key").annotate(n=Count("id")).filter(n__gt=1).count()
    stored = set(CheckIn.objects.exclude(client_key__startswith="seed-").values_list("placement_id", "client_key"))
    lost = len(acknowledged - stored)
    bench("checkin_load_rows", rows, "rows")
    bench("checkin_load_acknowledged", len(acknowledged), "checkins")
    bench("checkin_load_lost", lost, "checkins")
    bench("checkin_load_duplicated", duplicates, "checkins")
    # Requests still in flight when a measurement's time is up are stored but their answers are never read.
    bench("checkin_load_stored_unacknowledged", rows - len(acknowledged & stored), "checkins")
    pending = CheckIn.objects.awaiting_assessment().count()
    if drained is not None:
        # how long after the last measurement the worker had judged every check-in's trust signals
        bench("checkin_assessment_drained_s", round(drained, 1) if drained >= 0 else "never", "s")
    bench("checkin_assessment_pending", pending, "checkins")
    shutil.rmtree(workdir, ignore_errors=True)
    if not args.keep_db:
        connection.close()
        recreate_database(args.db)
    ok = lost == 0 and duplicates == 0 and bool(acknowledged) and pending == 0
    print(
        "# OK: no check-in lost, none duplicated, every one judged"
        if ok
        else "# FAILED: rows do not match acknowledged check-ins, or some were never judged",
        flush=True,
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
