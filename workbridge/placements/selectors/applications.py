"""Applications as the actor may see them."""

from __future__ import annotations

from django.db.models import QuerySet

from workbridge.core.access import Actor, access_object, as_actor, visible

from .. import models as m


def application_list(*, actor: Actor, status: str | None = None) -> QuerySet:
    actor = as_actor(actor)
    qs = visible(actor, m.Application.objects.select_related("student__major", "position", "enterprise"))
    return qs.filter(status=status) if status else qs


def application_get(*, actor: Actor, pk) -> m.Application:
    return access_object(as_actor(actor), m.Application.objects.select_related("student", "position", "enterprise"), pk)


def proposal_list(*, actor: Actor) -> QuerySet:
    """Self-found placements proposed by students, as the actor may see them."""
    return visible(as_actor(actor), m.SelfFoundProposal.objects.select_related("student", "enterprise"))


def proposal_get(*, actor: Actor, pk) -> m.SelfFoundProposal:
    return access_object(as_actor(actor), proposal_list(actor=actor), pk)
