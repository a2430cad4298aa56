"""Check-ins as the actor may see them."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from workbridge.core.access import Actor, as_actor, visible

from .. import models as m


def checkins_today(*, actor: Actor) -> QuerySet:
    actor = as_actor(actor)
    today = timezone.localdate()
    return visible(actor, m.CheckIn.objects.select_related("placement__student")).filter(work_date=today)
