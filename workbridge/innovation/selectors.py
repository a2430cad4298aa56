"""Reads of the innovation app, scoped by the actor."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from workbridge.core.access import Actor, access_object, as_actor, visible
from workbridge.core.exceptions import NotFound

from .models import InnovationBase, Milestone, Venture, VentureStage


def base_list(*, actor: Actor) -> QuerySet[InnovationBase]:
    return visible(as_actor(actor), InnovationBase.objects.select_related("school", "sponsor")).annotate(
        venture_count=Count("ventures", distinct=True)
    )


def base_get(*, actor: Actor, pk) -> InnovationBase:
    return access_object(as_actor(actor), base_list(actor=actor), pk)


def venture_list(*, actor: Actor) -> QuerySet[Venture]:
    qs = Venture.objects.select_related("base", "base__school", "school_mentor").annotate(
        team=Count("members", distinct=True), award_count=Count("awards", distinct=True)
    )
    return visible(as_actor(actor), qs)


def venture_get(*, actor: Actor, pk) -> Venture:
    return access_object(as_actor(actor), venture_list(actor=actor), pk)


def outcomes(*, actor: Actor) -> dict:
    """What the bases produced: ventures, those on the market, companies registered, jobs, awards by level."""
    qs = venture_list(actor=actor)
    return {
        "ventures": qs.count(),
        "market": qs.filter(stage=VentureStage.MARKET).count(),
        "companies": qs.filter(stage=VentureStage.INCUBATED).count(),
        "jobs": sum(qs.values_list("jobs_created", flat=True)),
        "national_awards": qs.filter(Q(awards__level="national")).values("pk").distinct().count(),
    }


def milestone_get(*, actor: Actor, pk) -> Milestone:
    """A milestone of a venture the actor may see (404 otherwise)."""
    qs = Milestone.objects.select_related("venture__base").filter(venture__in=venture_list(actor=actor).values("pk"))
    try:
        return qs.get(pk=pk)
    except (Milestone.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("This record does not exist or is not yours to see.")) from None
