"""Benchmark: import 10,000 students from an .xlsx file through the same import service the page and API use.

    .venv/bin/python bench/bench_import.py                 # 10,000 students, SQLite file var/bench-import.sqlite3
    .venv/bin/python bench/bench_import.py --rows 50000    # larger
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wb_bench .venv/bin/python bench/bench_import.py

Each run uses a fresh school in the benchmark database (never the development database). The timed part is
``workbridge.core.importing.import_file``: reading the workbook, checking every row (ID number, major, duplicates),
and committing all rows in one transaction through ``academics.services.student_create``. A second run of the
same file measures re-import (every row an update). Prints ``BENCH <name> <value> <unit>`` lines.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build_workbook(rows: int, major_code: str) -> bytes:
    from openpyxl import Workbook

    from workbridge.academics.engines.identity import make_id_number

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("导入")
    sheet.append(["学号", "姓名", "身份证号", "专业代码", "班级", "入学年份", "手机号"])
    start = dt.date(2004, 1, 1)
    for n in range(rows):
        born = start + dt.timedelta(days=n // 900)
        sheet.append(
            [
                f"B{n:07d}",
                f"基准学生{n}",
                make_id_number("330106", born, n % 900 + 1),
                major_code,
                f"2025级{n // 45 + 1}班",
                2025,
                f"13{n % 10}{n:08d}",
            ]
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--no-reimport", action="store_true", help="skip the second (update) run")
    args = parser.parse_args()

    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / 'bench-import.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ.setdefault("LOG_LEVEL", "WARNING")

    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from workbridge.academics.models import Major, Student
    from workbridge.core.importing import import_file
    from workbridge.core.roles import OrgKind, Role
    from workbridge.organizations.models import Membership, Organization, Region, User

    stamp = time.strftime("%Y%m%d%H%M%S")
    region, _ = Region.objects.get_or_create(code="339900", defaults={"name": "基准市"})
    school = Organization.objects.create(kind=OrgKind.SCHOOL, name=f"基准职业技术学院{stamp}", region=region)
    major = Major.objects.create(school=school, code="460301", name="机电一体化技术")
    user = User.objects.create(username=f"bench-import-{stamp}")
    membership = Membership.objects.create(user=user, organization=school, role=Role.SCHOOL_ADMIN)
    user.current_membership = membership
    user.save(update_fields=["current_membership"])

    data = build_workbook(args.rows, major.code)
    print(f"# workbook: {args.rows} rows, {len(data) / 1e6:.1f} MB", flush=True)

    # The machine may be shared: the load average and this process's CPU time say how to read the wall time.
    print(f"# load average at start: {os.getloadavg()[0]:.2f}", flush=True)
    started, cpu = time.perf_counter(), time.process_time()
    plan = import_file(actor=user, kind="students", data=data, filename="bench.xlsx")
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    assert plan.creates == args.rows and Student.objects.filter(school=school).count() == args.rows
    label = "10k" if args.rows == 10_000 else str(args.rows)
    print(f"BENCH import_{label}_students_seconds {elapsed:.2f} s")
    print(f"BENCH import_students_rows_per_second {args.rows / elapsed:.0f} rows/s")
    print(f"BENCH import_{label}_students_cpu_seconds {cpu:.2f} s")

    if not args.no_reimport:
        user.__dict__.pop("_workbridge_actor", None)
        started, cpu = time.perf_counter(), time.process_time()
        plan = import_file(actor=user, kind="students", data=data, filename="bench.xlsx")
        elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
        assert plan.updates == args.rows and Student.objects.filter(school=school).count() == args.rows
        print(f"BENCH reimport_{label}_students_seconds {elapsed:.2f} s")
        print(f"BENCH reimport_{label}_students_cpu_seconds {cpu:.2f} s")
    print(f"# load average at end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
