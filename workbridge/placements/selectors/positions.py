"""Positions as the actor may see them (students: approved ones only), with the places taken."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from workbridge.core.access import Actor, access_object, as_actor, visible
from workbridge.core.archiving import active
from workbridge.core.roles import Role

from .. import models as m


def position_list(*, actor: Actor, status: str | None = None, q: str = "", archived: bool | None = False) -> QuerySet:
    actor = as_actor(actor)
    qs = visible(actor, active(m.Position.objects.select_related("enterprise", "project"), archived))
    if actor.role == Role.STUDENT:
        qs = qs.filter(status=m.PositionStatus.APPROVED)
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(enterprise__name__icontains=q) | Q(workplace_address__icontains=q))
    return qs.annotate(taken=Count("placements", filter=Q(placements__status__in=m.LIVE_PLACEMENT_STATUSES)))


def position_get(*, actor: Actor, pk) -> m.Position:
    """One position the actor may reach (its page, form, actions, QR code), whatever its status; 404 otherwise."""
    return access_object(as_actor(actor), m.Position.objects.select_related("enterprise", "project"), pk)


def positions_reachable(actor: Actor) -> QuerySet:
    return visible(as_actor(actor), m.Position.objects.all())


def position_archive_blockers(position: m.Position) -> list[str]:
    from django.utils.translation import gettext as _

    running = position.placements.filter(status__in=m.LIVE_PLACEMENT_STATUSES).count()
    if running:
        return [_("%(n)s internships on this position are planned or running.") % {"n": running}]
    waiting = position.applications.filter(status__in=("submitted", "shortlisted", "interview", "offered")).count()
    if waiting:
        return [_("%(n)s applications to this position still wait for an answer.") % {"n": waiting}]
    return []
