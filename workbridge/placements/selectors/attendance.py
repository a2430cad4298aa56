"""Check-ins as the actor may see them."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from workbridge.core.access import Actor, access_object, as_actor, visible

from .. import models as m


def checkins_today(*, actor: Actor) -> QuerySet:
    actor = as_actor(actor)
    today = timezone.localdate()
    return visible(actor, m.CheckIn.objects.select_related("placement__student")).filter(work_date=today)


def checkin_list(*, actor: Actor) -> QuerySet:
    return visible(as_actor(actor), m.CheckIn.objects.select_related("placement__student"))


def checkin_get(*, actor: Actor, pk) -> m.CheckIn:
    return access_object(as_actor(actor), checkin_list(actor=actor), pk)


def makeups_pending(*, actor: Actor) -> QuerySet:
    """Make-up check-ins waiting for a decision."""
    return checkin_list(actor=actor).filter(approval="pending")


def leave_list(*, actor: Actor) -> QuerySet:
    return visible(as_actor(actor), m.LeaveRequest.objects.select_related("placement__student"))


def leave_get(*, actor: Actor, pk) -> m.LeaveRequest:
    return access_object(as_actor(actor), leave_list(actor=actor), pk)


def leaves_pending(*, actor: Actor) -> QuerySet:
    return leave_list(actor=actor).filter(status="pending")
