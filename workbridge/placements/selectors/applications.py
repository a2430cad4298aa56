"""Applications as the actor may see them."""

from __future__ import annotations

from django.db.models import QuerySet

from workbridge.core.access import Actor, as_actor, visible

from .. import models as m


def application_list(*, actor: Actor, status: str | None = None) -> QuerySet:
    actor = as_actor(actor)
    qs = visible(actor, m.Application.objects.select_related("student__major", "position", "enterprise"))
    return qs.filter(status=status) if status else qs
