"""Build the deterministic demo region: ``manage.py seed_demo --scale small --seed 1 [--if-empty]``."""

from __future__ import annotations

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings

from workbridge.core.demo import SCALES, region_exists, run_demo


class Command(BaseCommand):
    help = "Load the synthetic demo region (authority, schools, enterprises, students, agreements, projects)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when the database already has data.")
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="Build the region as of this date (YYYY-MM-DD); default: today.",
        )
        parser.add_argument(
            "--only", default="", help="Comma-separated app labels to seed (e.g. organizations,academics,partnerships)."
        )

    def handle(self, *args, scale, seed, if_empty, today, only, **options):
        if region_exists():
            if if_empty:
                self.stdout.write("The database already holds data: demo region not loaded again (--if-empty).")
                return
            raise CommandError("The database already holds data. Use an empty database, or --if-empty to skip.")
        started = time.perf_counter()
        self.stdout.write(f"Seeding the {scale} demo region (seed {seed})...")
        only_apps = [label.strip() for label in only.split(",") if label.strip()] or None
        # The demo's history triggers reminders and alerts; their e-mails are kept in memory, not printed.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            ctx = run_demo(scale=scale, seed=seed, today=today, log=self.stdout.write, only=only_apps)
        s = ctx.shared
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo region ready in {time.perf_counter() - started:.1f} s: {len(s.get('schools', []))} schools, "
                f"{len(s.get('enterprises', []))} enterprises, "
                f"{sum(len(v) for v in s.get('students_by_school', {}).values())} students, "
                f"{len(s.get('agreements', []))} agreements, {len(s.get('projects', []))} projects."
            )
        )
