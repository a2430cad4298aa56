"""CPU time of one check-in and one ping, in process, against PostgreSQL (the check-in surge's cost per request).

    .venv/bin/python bench/bench_checkin_cpu.py [--requests 2000] [--students 300] [--rounds 3] [--profile]
                                                [--db bench_checkin_cpu]

Seeds a fresh PostgreSQL database like bench_checkin_load.py (students with active placements, API tokens,
20 days of earlier check-ins each), then sends --requests pings and --requests new check-ins (one in ten sent
again with the same key) through Django's test client over an API token - the whole middleware, URL resolution,
DRF and the SQL, without the HTTP server. Prints the CPU time (time.process_time) per request for each, the
median and minimum over --rounds rounds, SQL statements per request, and the load average. This process's CPU
time is what the web server spends per request (PostgreSQL's own work runs in its process and is not counted):
the figure compares code changes without the shared machine's load distorting it, unlike wall-clock rates.
The PostgreSQL backend's CPU time per request (read from /proc; same machine) is printed beside it.
With REDIS_URL set (a task queue), the plain check-ins are stored with their trust signals pending, as in
production on PostgreSQL; they are then judged in this process as the worker judges them, and the CPU time of
that judging (this process and its PostgreSQL backend) is printed per check-in.
--profile prints the cProfile top functions of the judging and of one extra check-in round.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def bench(name: str, value, unit: str) -> None:
    print(f"BENCH {name} {value} {unit}", flush=True)


def judge_pending(backend_cpu, profile: bool = False):
    """With a task queue (REDIS_URL set), the plain check-ins were stored with their trust signals pending: judge
    them here as the worker does (placements.assess_checkins) and return (how many, this process's CPU ms per
    check-in, the PostgreSQL backend's CPU ms per check-in); None when nothing was pending."""
    from workbridge.placements.models import CheckIn
    from workbridge.placements.services.attendance import checkin_assess_pending

    if not CheckIn.objects.awaiting_assessment().exists():
        return None
    prof = None
    if profile:
        import cProfile

        prof = cProfile.Profile(time.process_time)
        prof.enable()
    pg_start, start = backend_cpu(), time.process_time()
    count = checkin_assess_pending(limit=10**9)
    spent, pg_spent = time.process_time() - start, backend_cpu() - pg_start
    if prof is not None:
        import pstats

        prof.disable()
        print("# judging the pending check-ins, profiled (times inflated by the profiler):", flush=True)
        pstats.Stats(prof).sort_stats("cumulative").print_stats(30)
    return count, spent / count * 1000, pg_spent / count * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--history-days", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--profile-file", help="with --profile: also dump the profile here (pstats format)")
    parser.add_argument("--db", default="bench_checkin_cpu")
    args = parser.parse_args()
    if args.db in ("test", "postgres"):
        parser.error("use a database of its own")

    import bench_checkin_load as load

    if not load.postgres_available():
        print("SKIP bench_checkin_cpu: PostgreSQL is not reachable on 127.0.0.1:5432", flush=True)
        return 0
    os.environ.update(
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{args.db}",
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DJANGO_DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        LOG_LEVEL="WARNING",
        CONN_MAX_AGE="60",
    )
    load.recreate_database(args.db)
    students = load.seed(args.students, args.history_days)

    import random

    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    rng = random.Random(3)

    def ping(i):
        token, _pid = students[i % len(students)]
        return client.get("/api/v1/placements/ping/", HTTP_AUTHORIZATION=f"Token {token}")

    nonce = uuid.uuid4().hex[:8]
    last = {}

    def checkin(i):
        if last and rng.random() < 0.1:
            token, pid, key = last["v"]
        else:
            token, pid = students[i % len(students)]
            key = f"{nonce}-{i}"
        last["v"] = (token, pid, key)
        body = (
            f'{{"placement": {pid}, "client_key": "{key}", "latitude": {30.2 + rng.uniform(-0.001, 0.001):.6f}, '
            f'"longitude": {120.2 + rng.uniform(-0.001, 0.001):.6f}, "accuracy_m": 12, "device_id": "dev-{pid}"}}'
        )
        return client.post(
            "/api/v1/placements/checkins/", body, content_type="application/json", HTTP_AUTHORIZATION=f"Token {token}"
        )

    def backend_cpu() -> float:
        """CPU seconds of this connection's PostgreSQL backend process so far (it runs on the same machine)."""
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                pid = cursor.fetchone()[0]
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, IndexError, ValueError):
            return float("nan")

    def run(fn, n, offset):
        pg_start, start = backend_cpu(), time.process_time()
        for i in range(n):
            r = fn(offset + i)
            if r.status_code not in (200, 201):
                raise RuntimeError(f"{fn.__name__}: {r.status_code} {r.content[:300]!r}")
        spent = time.process_time() - start
        pg_cpu[fn.__name__].append((backend_cpu() - pg_start) / n * 1000)
        return spent / n * 1000

    pg_cpu = {"ping": [], "checkin": []}
    for fn in (ping, checkin):  # warm-up: imports, connection, caches
        run(fn, 50, 10**6)
        with CaptureQueriesContext(connection) as ctx:
            fn(10**6 + 100)
        bench(f"{fn.__name__}_statements", len(ctx.captured_queries), "statements")
        reset_queries()
    results = {"ping": [], "checkin": []}
    pg_cpu = {"ping": [], "checkin": []}
    offset = 0
    for _ in range(args.rounds):
        for fn in (ping, checkin):
            results[fn.__name__].append(run(fn, args.requests, offset))
            offset += args.requests
    load_avg = os.getloadavg()
    judged = judge_pending(backend_cpu, profile=args.profile)
    for name, values in results.items():
        bench(f"{name}_cpu_ms_median", round(statistics.median(values), 3), "ms")
        bench(f"{name}_cpu_ms_min", round(min(values), 3), "ms")
        bench(f"{name}_postgres_cpu_ms_median", round(statistics.median(pg_cpu[name]), 3), "ms")
    if judged is not None:
        count, cpu_ms, pg_ms = judged
        bench("assess_checkins", count, "checkins")
        bench("assess_cpu_ms_per_checkin", round(cpu_ms, 3), "ms")
        bench("assess_postgres_cpu_ms_per_checkin", round(pg_ms, 3), "ms")
    bench("checkin_cpu_loadavg", round(load_avg[0], 2), "load")
    print(f"# rounds: { {k: [round(v, 3) for v in vs] for k, vs in results.items()} }", flush=True)
    if args.profile:
        import cProfile
        import pstats

        prof = cProfile.Profile(time.process_time)
        prof.enable()
        run(checkin, args.requests, offset)
        prof.disable()
        if args.profile_file:
            prof.dump_stats(args.profile_file)
        pstats.Stats(prof).sort_stats("cumulative").print_stats(60)
        pstats.Stats(prof).sort_stats("tottime").print_stats(40)
    connection.close()
    load.recreate_database(args.db)
    return 0


if __name__ == "__main__":
    sys.exit(main())
