"""Reads of the core app (import jobs), scoped by the actor."""

from __future__ import annotations

from django.db.models import QuerySet

from .access import Actor, access_object, as_actor, visible
from .models import ImportJob


def import_job_list(*, actor: Actor) -> QuerySet[ImportJob]:
    return visible(as_actor(actor), ImportJob.objects.all())


def import_job_get(*, actor: Actor, pk) -> ImportJob:
    return access_object(as_actor(actor), ImportJob.objects.all(), pk)


def archivable_get(*, actor: Actor, kind: str, pk):
    """A record of an archivable kind the actor may reach, archived or not (core.archiving)."""
    from .archiving import KINDS
    from .exceptions import NotFound

    if kind not in KINDS:
        raise NotFound("")
    return access_object(as_actor(actor), KINDS[kind].reachable(as_actor(actor)), pk)
