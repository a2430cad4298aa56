"""The scheduled jobs, described for people, and the record of each run.

The schedule itself is ``CELERY_BEAT_SCHEDULE`` in settings (one place); this module gives each job a name people
understand, says its schedule in words, and records runs through Celery's task signals, so a run by beat, by a
worker retry or by ``manage.py run_job`` from cron is recorded the same way.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass

from celery import signals
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# What each scheduled task does, in the words of the people who depend on it.
DESCRIPTIONS = {
    "partnerships.agreements_daily": _("Activate and expire agreements; send expiry reminders"),
    "labour_market.destination_followups": _("Ask graduates for their six-month destination follow-up"),
    "labour_market.demand_recompute": _("Recompute talent-demand tables"),
    "labour_market.warnings_recompute": _("Recompute major early warnings"),
    "placements.purge_raw_coordinates": _("Delete check-in coordinates older than 30 days"),
    "placements.scan_alerts": _("Scan internships for alerts and escalate overdue ones"),
    "placements.alert_digest": _("E-mail each person a digest of open alerts"),
    "placements.assess_checkins": _(
        "Check the morning's check-ins for signs of faking (shared phones, copied locations)"
    ),
    "evaluation.scores_recompute": _("Recompute cooperation depth scores"),
    "messaging.deliveries_due": _("Send messages due after retries or quiet hours"),
    "operations.probe": _("Health probe of the background workers"),
    "labour_market.ingest_recover": _("Resume posting imports whose worker stopped"),
    # Not scheduled: queued by each upload; recorded so an import's run (when, which worker) shows with the others.
    "labour_market.ingest_batch": _("Import an uploaded postings file"),
    "privacy.retention_apply": _("Apply the personal-data retention rules (check-in coordinates after 30 days ...)"),
}

KEEP_RUNS = 200  # per job; older rows are pruned when a run finishes


@dataclass(frozen=True)
class Job:
    key: str  # the beat entry's name
    task: str
    label: str
    schedule: str


def _schedule_words(schedule) -> str:
    """'每天 06:30' style text for a crontab, or the interval for a timedelta/seconds schedule."""
    from celery.schedules import crontab

    if isinstance(schedule, crontab):
        minute, hour = schedule._orig_minute, schedule._orig_hour
        if str(minute) == "*" and str(hour) == "*":
            return str(_("every minute"))
        if str(hour) == "*" and str(minute).startswith("*/"):
            return str(_("every %(n)s minutes")) % {"n": str(minute)[2:]}
        if str(hour) == "*":
            return str(_("every hour at minute %(m)s")) % {"m": minute}
        try:
            return str(_("every day at %(t)s")) % {"t": f"{int(hour):02d}:{int(minute):02d}"}
        except ValueError:
            day, month, weekday = (
                schedule._orig_day_of_month,
                schedule._orig_month_of_year,
                schedule._orig_day_of_week,
            )
            return f"cron {minute} {hour} {day} {month} {weekday}"
    seconds = getattr(schedule, "total_seconds", lambda: float(schedule))()
    return str(_("every %(n)d seconds")) % {"n": int(seconds)}


def scheduled_jobs() -> list[Job]:
    jobs = []
    for key, entry in sorted(settings.CELERY_BEAT_SCHEDULE.items()):
        task = entry["task"]
        jobs.append(Job(key, task, str(DESCRIPTIONS.get(task, task)), _schedule_words(entry["schedule"])))
    return jobs


def recorded_task_names() -> set[str]:
    return {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()} | set(DESCRIPTIONS)


def _summary(result) -> str:
    if isinstance(result, dict):
        return ", ".join(f"{k}: {v}" for k, v in result.items())[:300]
    return "" if result is None else str(result)[:300]


def _on_prerun(sender=None, task_id=None, task=None, **kwargs):
    from .models import JobRun, JobStatus

    if task is None or task.name not in recorded_task_names():
        return
    with transaction.atomic():
        # The same task id still "running" means its worker process died and the broker delivered it again.
        JobRun.objects.filter(name=task.name, task_id=task_id or "", status=JobStatus.RUNNING).exclude(
            task_id=""
        ).update(status=JobStatus.FAILED, finished_at=timezone.now(), error="worker lost; delivered again")
        JobRun.objects.create(
            name=task.name, task_id=task_id or "", started_at=timezone.now(), host=socket.gethostname()[:120]
        )


def _on_postrun(sender=None, task_id=None, task=None, retval=None, state=None, **kwargs):
    from .models import JobRun, JobStatus

    if task is None or task.name not in recorded_task_names():
        return
    run = (
        JobRun.objects.filter(name=task.name, task_id=task_id or "", status=JobStatus.RUNNING)
        .order_by("-started_at")
        .first()
    )
    if run is None:
        return
    failed = state not in (None, "SUCCESS")
    run.finished_at = timezone.now()
    run.status = JobStatus.FAILED if failed else JobStatus.SUCCEEDED
    if failed:
        run.error = f"{type(retval).__name__}: {retval}"[:300] if isinstance(retval, BaseException) else str(state)
    else:
        run.summary = _summary(retval)
    run.save(update_fields=["finished_at", "status", "summary", "error"])
    stale = JobRun.objects.filter(name=task.name).order_by("-started_at").values_list("pk", flat=True)[KEEP_RUNS:]
    JobRun.objects.filter(pk__in=list(stale)).delete()


def connect_recording() -> None:
    signals.task_prerun.connect(_on_prerun, weak=False, dispatch_uid="operations.jobrun.prerun")
    signals.task_postrun.connect(_on_postrun, weak=False, dispatch_uid="operations.jobrun.postrun")


def last_runs() -> dict[str, dict]:
    """Per task name: the latest run and the latest failure."""
    from .models import JobRun, JobStatus

    out: dict[str, dict] = {}
    for name in recorded_task_names():
        latest = JobRun.objects.filter(name=name).first()
        failure = JobRun.objects.filter(name=name, status=JobStatus.FAILED).first()
        out[name] = {"latest": latest, "failure": failure}
    return out
