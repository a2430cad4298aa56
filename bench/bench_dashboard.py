"""Benchmark: the authority's regional dashboard and the depth-score recompute on a seeded demo region.

    .venv/bin/python bench/bench_dashboard.py                     # small scale, var/bench-small.sqlite3
    .venv/bin/python bench/bench_dashboard.py --scale large       # the issue's target scale (slow to seed once)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wb_bench .venv/bin/python bench/bench_dashboard.py --scale large

The database is seeded once with ``seed_demo --scale S`` (kept and reused on later runs; --fresh rebuilds it).
Without DATABASE_URL a separate SQLite file var/bench-<scale>.sqlite3 is used, never the development database.
Prints ``BENCH <name> <value> <unit>`` lines: p50 / p95 of the dashboard page (rendered through Django's test
client as the demo authority officer) with its figures recomputed on every request (``dashboard_p95_ms``: the
cache dropped before each, as after a write) and served from the figures cache (``dashboard_cached_p95_ms``), of the
depth-score recompute of the current term, and one annual report.
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


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=["small", "medium", "large"], default="small")
    parser.add_argument("--runs", type=int, default=15, help="dashboard requests to time")
    parser.add_argument("--recompute-runs", type=int, default=5)
    parser.add_argument("--fresh", action="store_true", help="drop the benchmark SQLite file and seed again")
    parser.add_argument("--only", default="", help="passed to seed_demo --only (comma-separated app labels)")
    args = parser.parse_args()

    if not os.environ.get("DATABASE_URL"):
        db = ROOT / "var" / f"bench-{args.scale}.sqlite3"
        if args.fresh:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ.setdefault("LOG_LEVEL", "WARNING")

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.DEBUG = False
    call_command("migrate", verbosity=0)
    from workbridge.organizations.models import Membership

    if not Membership.objects.exists():
        t0 = time.perf_counter()
        only = args.only or ",".join(a.split(".")[-1] for a in settings.WORKBRIDGE_APPS if a != "workbridge.core")
        call_command("seed_demo", scale=args.scale, seed=1, only=only, verbosity=0)
        print(f"# seeded the {args.scale} region in {time.perf_counter() - t0:.1f} s", flush=True)

    from workbridge.academics.models import Student
    from workbridge.core.access import actor_for
    from workbridge.core.roles import Role
    from workbridge.evaluation import services
    from workbridge.evaluation.engines.terms import term_of
    from workbridge.evaluation.models import Score
    from workbridge.insights import report
    from workbridge.partnerships.models import Agreement

    officer = Membership.objects.filter(role=Role.AUTHORITY_OFFICER, is_active=True).select_related("user").first().user
    print(f"# {args.scale}: {Student.objects.count()} students, {Agreement.objects.count()} agreements", flush=True)

    import datetime as dt

    term = term_of(dt.date.today())
    recompute_times = []
    for _ in range(args.recompute_runs):
        t0 = time.perf_counter()
        result = services.scores_recompute(actor=None, term=term)
        recompute_times.append(time.perf_counter() - t0)
    print(
        f"# recompute {term.code}: {result.partnerships} partnerships,"
        f" {Score.objects.filter(term=term.code).count()} scores"
    )

    from django.core.cache import cache

    from workbridge.core import figures_cache

    client = Client()
    client.force_login(officer)
    client.get("/insights/")  # warm caches (translations, templates)
    # Cold: the figures are recomputed on every request (as after a write that changes them); warm: served from
    # the figures cache (core.figures_cache) as between writes.
    times, warm, cpu = [], [], []
    for _ in range(args.runs):
        figures_cache.changed("insights")
        t0, c0 = time.perf_counter(), time.process_time()
        resp = client.get("/insights/")
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        assert resp.status_code == 200, resp.status_code
    for _ in range(args.runs):
        t0 = time.perf_counter()
        resp = client.get("/insights/")
        warm.append(time.perf_counter() - t0)
    cache.clear()
    t0 = time.perf_counter()
    pdf = report.render_pdf(report.build(actor_for(officer), year=dt.date.today().year))
    report_s = time.perf_counter() - t0

    scale = args.scale
    print(f"# load average {Path('/proc/loadavg').read_text().split()[:3] if Path('/proc/loadavg').exists() else '?'}")
    print(f"BENCH dashboard_{scale}_p50 {statistics.median(times) * 1000:.0f} ms")
    print(f"BENCH dashboard_{scale}_p95 {percentile(times, 95) * 1000:.0f} ms")
    print(f"BENCH dashboard_p95_ms {percentile(times, 95) * 1000:.0f} ms")
    print(f"BENCH dashboard_cpu_p50_ms {statistics.median(cpu) * 1000:.0f} ms")
    print(f"BENCH dashboard_cpu_p95_ms {percentile(cpu, 95) * 1000:.0f} ms")
    print(f"BENCH dashboard_cached_p95_ms {percentile(warm, 95) * 1000:.0f} ms")
    print(f"BENCH depth_recompute_{scale}_p50 {statistics.median(recompute_times):.2f} s")
    print(f"BENCH depth_recompute_{scale}_p95 {percentile(recompute_times, 95):.2f} s")
    print(f"BENCH annual_report_pdf_{scale} {report_s:.2f} s")
    print(f"# annual report PDF: {len(pdf) // 1024} KiB")


if __name__ == "__main__":
    main()
