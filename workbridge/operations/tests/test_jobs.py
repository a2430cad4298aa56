"""Scheduled jobs: every periodic task is in the beat schedule, each can be run from cron, and every run is
recorded so the platform admin sees when each job last ran and whether it failed."""

import io

import pytest
from celery import current_app
from django.conf import settings
from django.core.management import CommandError, call_command

from workbridge.operations.jobs import DESCRIPTIONS, scheduled_jobs
from workbridge.operations.models import JobRun, JobStatus
from workbridge.organizations.models import Role


def test_every_periodic_task_is_scheduled_and_registered():
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    # The recomputes that used to be queued by nothing are scheduled nightly.
    assert {
        "evaluation.scores_recompute",
        "labour_market.demand_recompute",
        "labour_market.warnings_recompute",
        "placements.scan_alerts",
        "placements.alert_digest",
        "privacy.retention_apply",
        "partnerships.agreements_daily",
        "labour_market.destination_followups",
    } <= scheduled
    current_app.loader.import_default_modules()
    assert scheduled <= set(current_app.tasks), "a beat entry names a task that does not exist"
    assert scheduled <= set(DESCRIPTIONS), "every scheduled job needs a description for the jobs page"


def test_schedule_in_words():
    words = {job.task: job.schedule for job in scheduled_jobs()}
    assert words["placements.scan_alerts"] == "每天 06:00"
    assert words["messaging.deliveries_due"] == "每分钟"


def test_run_job_records_a_successful_run(db):
    out = io.StringIO()
    call_command("run_job", "privacy.retention_apply", stdout=out)
    run = JobRun.objects.get()
    assert run.name == "privacy.retention_apply" and run.status == JobStatus.SUCCEEDED
    assert run.finished_at is not None and run.summary.startswith("checkin_coordinates: 0")


def test_a_failing_job_is_recorded_as_failed(db, monkeypatch):
    from workbridge.placements.services import alerts

    def broken(*args, **kwargs):
        raise RuntimeError("mail server down")

    monkeypatch.setattr(alerts, "digest_send", broken)
    with pytest.raises(CommandError, match="failed"):
        call_command("run_job", "placements.alert_digest", stdout=io.StringIO())
    run = JobRun.objects.get()
    assert run.status == JobStatus.FAILED and "mail server down" in run.error


def test_unknown_job_is_refused(db):
    with pytest.raises(CommandError, match="no scheduled job"):
        call_command("run_job", "nothing.here", stdout=io.StringIO())


def test_list_shows_every_job(db):
    out = io.StringIO()
    call_command("run_job", "--list", stdout=out)
    assert all(job.task in out.getvalue() for job in scheduled_jobs())


def test_jobs_page_for_platform_admin_only(world, client):
    call_command("run_job", "privacy.retention_apply", stdout=io.StringIO())
    client.force_login(world.users[Role.PLATFORM_ADMIN])
    page = client.get("/operations/jobs/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "执行个人信息保存期限规则" in text and "从未运行" in text and "成功" in text
    client.force_login(world.users[Role.SCHOOL_ADMIN])
    assert client.get("/operations/jobs/").status_code == 403
