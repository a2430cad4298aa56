"""Retention rules as data (data/retention.toml), applied by the nightly job ``privacy.retention_apply``."""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language

RULES_FILE = Path(__file__).resolve().parent / "data" / "retention.toml"


@dataclass(frozen=True)
class Rule:
    key: str
    label_en: str
    label_zh: str
    days: int
    after: str
    action: str
    source: str

    @property
    def label(self) -> str:
        return self.label_zh if (get_language() or "").startswith("zh") else self.label_en


@cache
def rules() -> tuple[Rule, ...]:
    data = tomllib.loads(RULES_FILE.read_text(encoding="utf-8"))
    return tuple(Rule(**item) for item in data["rule"])


def _apply(rule: Rule, cutoff: dt.datetime) -> int:
    from workbridge.academics.models import EnrolmentStatus, Student
    from workbridge.core.models import Notification
    from workbridge.messaging.models import Delivery
    from workbridge.placements.models import CheckIn, WeeklyReport

    if rule.key == "checkin_coordinates":
        from workbridge.placements.services.attendance import purge_raw_coordinates

        return purge_raw_coordinates(now=cutoff + dt.timedelta(days=rule.days), days=rule.days)
    if rule.key == "checkin_photos":
        from workbridge.placements.services.attendance import purge_checkin_photos

        return purge_checkin_photos(now=cutoff + dt.timedelta(days=rule.days), days=rule.days)
    if rule.key == "checkin_devices":
        return CheckIn.objects.filter(occurred_at__lt=cutoff).exclude(device_hash="").update(device_hash="")
    if rule.key == "graduate_id_numbers":
        return (
            Student.objects.filter(
                enrolment_status__in=[EnrolmentStatus.GRADUATED, EnrolmentStatus.WITHDRAWN], updated_at__lt=cutoff
            )
            .exclude(id_number_encrypted="")
            .update(id_number_encrypted="", id_number_hash="")
        )
    if rule.key == "weekly_report_texts":
        return (
            WeeklyReport.objects.filter(period_end__lt=cutoff.date())
            .exclude(tasks="", learnt="", problems="")
            .update(tasks="", learnt="", problems="")
        )
    if rule.key == "read_notifications":
        return Notification.objects.filter(read_at__lt=cutoff).delete()[0]
    if rule.key == "message_deliveries":
        return Delivery.objects.filter(created_at__lt=cutoff).delete()[0]
    raise ValueError(f"retention rule {rule.key!r} has no implementation")


def retention_apply(now: dt.datetime | None = None) -> dict[str, int]:
    """Apply every rule; each in its own transaction, so one failing rule does not undo the others."""
    now = now or timezone.now()
    done = {}
    for rule in rules():
        with transaction.atomic():
            done[rule.key] = _apply(rule, now - dt.timedelta(days=rule.days))
    return done
