"""Celery tasks (scheduled in config/settings/base.py CELERY_BEAT_SCHEDULE; eager without Redis)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.conf import settings
from django.utils import timezone


@shared_task(name="placements.purge_raw_coordinates")
def purge_raw_coordinates() -> int:
    """Raw check-in coordinates are kept at most RAW_LOCATION_RETENTION_DAYS (30) days."""
    from .services.attendance import purge_raw_coordinates as purge

    return purge()


@shared_task(name="placements.scan_alerts")
def scan_alerts() -> dict:
    """Daily: missing check-ins, overdue reports and reviews, escalations, attendance rule checks."""
    from .models import Placement
    from .services.alerts import scan_all
    from .services.attendance import attendance_compliance_check

    result = scan_all()
    since = timezone.localdate() - dt.timedelta(days=7)
    checked = 0
    for placement in Placement.objects.filter(status="active").select_related(
        "position__enterprise", "student__major", "school", "enterprise"
    ):
        attendance_compliance_check(actor=None, placement=placement, since=since)
        checked += 1
    result["attendance_checked"] = checked
    return result


@shared_task(name="placements.alert_digest")
def alert_digest() -> int:
    from .services.alerts import digest_send

    return digest_send()


# How soon the judging of pending check-ins is tried again after it gave way to the surge (the processor pressure
# it waits on is an average over ten seconds).
ASSESS_RETRY_SECONDS = 10


@shared_task(name="placements.assess_checkins")
def assess_checkins() -> int:
    """Judge the trust signals of the check-ins the morning surge stored without them (every minute, and woken by
    the check-ins themselves). While the surge keeps the processors busy the judging waits
    (``assessment_may_wait``): it runs again ASSESS_RETRY_SECONDS later, and whatever is still pending then
    (the surge, or more than one run's limit) is queued the same way."""
    from workbridge.core import debounce

    from .services.attendance import checkin_assess_pending, checkin_assessment_pending

    judged = checkin_assess_pending(yield_to_surge=True)
    # Without a worker (eager tasks) no check-in is stored pending, and queueing would run this again at once.
    if not settings.CELERY_TASK_ALWAYS_EAGER and checkin_assessment_pending():
        debounce.queue_once(assess_checkins, key="pending", window=ASSESS_RETRY_SECONDS)
    return judged
