"""Alerts as the actor may see them."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from workbridge.core.access import Actor, access_object, as_actor, visible
from workbridge.core.roles import Role

from .. import models as m


def alert_list(*, actor: Actor, status: str | None = "open") -> QuerySet:
    actor = as_actor(actor)
    qs = visible(actor, m.Alert.objects.select_related("placement", "student", "enterprise"))
    if actor.role == Role.STUDENT:
        return qs.none()
    if actor.role == Role.ENTERPRISE_MENTOR:
        qs = qs.filter(placement__enterprise_mentor_id=actor.user_id)
    if actor.role == Role.TEACHER and actor.teacher_id:
        qs = qs.filter(Q(placement__school_mentor_id=actor.teacher_id) | Q(escalation__gte=1))
    if actor.role == Role.AUTHORITY_OFFICER:
        qs = qs.filter(escalation__gte=m.EscalationLevel.AUTHORITY)
    if status == "open":
        qs = qs.exclude(status=m.AlertStatus.RESOLVED)
    elif status:
        qs = qs.filter(status=status)
    return qs


def alert_get(*, actor: Actor, pk) -> m.Alert:
    """One alert, from the same rows as the inbox and the API (students none, mentors only their students')."""
    qs = alert_list(actor=actor, status=None).select_related("placement__student", "incident")
    return access_object(as_actor(actor), qs, pk)
