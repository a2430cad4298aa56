"""Weekly reports waiting for the actor's review."""

from __future__ import annotations

from django.db.models import QuerySet

from workbridge.core.access import Actor, access_object, as_actor, visible
from workbridge.core.roles import Role

from .. import models as m


def reports_to_review(*, actor: Actor) -> QuerySet:
    actor = as_actor(actor)
    qs = visible(actor, m.WeeklyReport.objects.select_related("placement__student", "placement__position"))
    qs = qs.filter(status=m.ReportStatus.SUBMITTED)
    if actor.role == Role.ENTERPRISE_MENTOR:
        qs = qs.filter(placement__enterprise_mentor_id=actor.user_id)
    elif actor.role == Role.TEACHER:
        qs = qs.filter(placement__school_mentor_id=actor.teacher_id)
    return qs.order_by("submitted_at")


def report_list(*, actor: Actor) -> QuerySet:
    return visible(as_actor(actor), m.WeeklyReport.objects.select_related("placement__student"))


def report_get(*, actor: Actor, pk) -> m.WeeklyReport:
    return access_object(as_actor(actor), report_list(actor=actor), pk)
