"""Benchmark: list pages and list APIs at the large demo scale, as a school admin and as the authority.

    .venv/bin/python bench/bench_lists.py                       # large region in var/bench/lists-large-1.sqlite3
    .venv/bin/python bench/bench_lists.py --scale small         # quick check (seconds)
    .venv/bin/python bench/bench_lists.py --database-url postgres://postgres@127.0.0.1:5432/wb_bench_lists
    BENCH_DATABASE_URL=postgres://... .venv/bin/python bench/bench_lists.py --reseed

The region is built once per database with ``seed_demo --only organizations,academics,partnerships`` (never in
the development database) and reused by later runs; ``--reseed`` rebuilds a SQLite file. Each list is requested
with Django's test client (whole middleware stack, logged in) 50 times, cycling through the first pages:
p50/p95 in milliseconds. SQL queries per request are counted at page sizes 25 and 100; they must not grow with
the page size (no N+1). Prints ``BENCH <name> <value> <unit>`` lines.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# (name, URL name or path, kind); URL names resolve only once the owning app provides them.
TARGETS = [
    ("students_page", "academics:student-list", "page"),
    ("students_api", "/api/v1/students/", "api"),
    ("agreements_page", "partnerships:agreement-list", "page"),
    ("agreements_api", "/api/v1/agreements/", "api"),
    ("projects_api", "/api/v1/projects/", "api"),
]
ROLES = [("school_admin", "demo_school_admin"), ("authority", "demo_authority")]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=["small", "medium", "large"], default="large")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", ""),
        help="default: a SQLite file under var/bench/",
    )
    parser.add_argument("--reseed", action="store_true", help="delete the SQLite benchmark file and seed again")
    args = parser.parse_args()

    url = args.database_url
    if not url:
        bench_dir = ROOT / "var" / "bench"
        bench_dir.mkdir(parents=True, exist_ok=True)
        path = bench_dir / f"lists-{args.scale}-{args.seed}.sqlite3"
        if args.reseed:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["DJANGO_DEBUG"] = "false"

    import django

    django.setup()
    import logging

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import NoReverseMatch, reverse

    from workbridge.core.demo import region_exists, run_demo
    from workbridge.organizations.models import User

    logging.getLogger("django.request").setLevel(logging.ERROR)
    setup_test_environment()  # the test client's host and e-mail settings; the database stays the bench one
    call_command("migrate", verbosity=0)
    if not region_exists():
        started = time.perf_counter()
        ctx = run_demo(
            scale=args.scale,
            seed=args.seed,
            only=["organizations", "academics", "partnerships"],
            log=lambda *a: print("#", *a, flush=True),
        )
        elapsed = time.perf_counter() - started
        students = sum(len(v) for v in ctx.shared["students_by_school"].values())
        print(f"BENCH seed_demo_{args.scale}_seconds {elapsed:.1f} s")
        print(
            f"# seeded {len(ctx.shared['schools'])} schools, {len(ctx.shared['enterprises'])} enterprises, "
            f"{students} students, {len(ctx.shared['agreements'])} agreements",
            flush=True,
        )
    print(f"# database: {connection.vendor} {connection.settings_dict['NAME']}", flush=True)
    if Path("/proc/loadavg").exists():
        print(f"# load average at start: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}", flush=True)

    for role_name, username in ROLES:
        user = User.objects.filter(username=username).first()
        if user is None:
            print(f"# {username} missing: seed the demo region first", flush=True)
            continue
        client = Client()
        client.force_login(user)
        for name, target, kind in TARGETS:
            try:
                path = target if target.startswith("/") else reverse(target)
            except NoReverseMatch:
                print(f"# skip {name}: {target} is not routed yet", flush=True)
                continue
            probe = client.get(path, {"page_size": 25})
            if probe.status_code != 200:
                print(f"# skip {name} as {role_name}: HTTP {probe.status_code}", flush=True)
                continue
            pages = 5
            if kind == "api":
                count = probe.json().get("count", 0)
                pages = max(1, min(5, -(-count // 25)))
                print(f"# {name} as {role_name}: {count} rows visible", flush=True)
            queries = {}
            for size in (25, 100):
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(path, {"page_size": size})
                assert response.status_code == 200, (name, size, response.status_code)
                queries[size] = len(captured.captured_queries)
            timings = []
            for i in range(args.requests):
                started = time.perf_counter()
                response = client.get(path, {"page_size": 25, "page": i % pages + 1})
                timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (name, response.status_code)
            label = f"{name}_{role_name}"
            print(f"BENCH {label}_p50 {statistics.median(timings):.1f} ms")
            print(f"BENCH {label}_p95 {percentile(timings, 0.95):.1f} ms")
            print(f"BENCH {label}_p95_ms {percentile(timings, 0.95):.1f} ms")
            print(f"BENCH {label}_queries_page25 {queries[25]} queries")
            print(f"BENCH {label}_queries_page100 {queries[100]} queries")
            if queries[100] > queries[25]:
                print(f"# WARNING {label}: queries grow with the page size ({queries[25]} -> {queries[100]})")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
