"""``manage.py run_job NAME`` runs one scheduled job now, in this process; ``--list`` shows them with their times.

For operators who schedule with cron or systemd timers instead of Celery beat: each beat entry has the same job
here (for example ``run_job placements.scan_alerts`` at 06:00). The run is recorded like a beat run.
"""

from __future__ import annotations

from celery import current_app
from django.core.management.base import BaseCommand, CommandError

from workbridge.operations.jobs import scheduled_jobs


class Command(BaseCommand):
    help = "Run one scheduled job now (for cron), or --list them."

    def add_arguments(self, parser):
        parser.add_argument("name", nargs="?", help="task name (placements.scan_alerts) or beat entry name")
        parser.add_argument("--list", action="store_true", help="list the scheduled jobs and their times")

    def handle(self, *args, name, list, **options):
        jobs = scheduled_jobs()
        if list or not name:
            for job in jobs:
                self.stdout.write(f"{job.task:40} {job.schedule:24} {job.label}")
            return
        job = next((j for j in jobs if name in (j.task, j.key)), None)
        if job is None:
            raise CommandError(f"no scheduled job called {name!r}; see `run_job --list`")
        current_app.loader.import_default_modules()  # autodiscovery is lazy outside a worker
        task = current_app.tasks.get(job.task)
        if task is None:
            raise CommandError(f"{job.task} is scheduled but no such task is registered")
        result = task.apply(throw=False)
        if result.failed():
            raise CommandError(f"{job.task} failed: {result.result!r}")
        self.stdout.write(self.style.SUCCESS(f"{job.task}: {result.result}"))
