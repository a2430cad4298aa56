"""Archiving (soft delete with restore) for records people must be able to put away without losing history:
agreements, cooperation projects, positions, shared resources and organisations (issue 12.6).

A model takes the ``Archivable`` fields and registers a kind here (in its AppConfig.ready()): who may archive
it (a named predicate of its app), what stops it (a live agreement, running internships...), where its page is
and how its list selector reads it. ``core.services.record_archive`` / ``record_restore`` do the writes (audited);
the pages' button and banner come from ``{% archive_panel obj "kind" %}``; the API is
``POST /api/v1/archive/<kind>/<id>/<archive|restore>/``. List selectors leave archived rows out unless asked
(``archived=True``): an archived record disappears from lists, pickers and counts, and its page stays. Pages and
API lists alike show the archived records on ``?archived=1`` / ``?archived=true`` (``wants_archived``; the pages'
``core/_archived_toggle.html``, the API's ``core.viewsets.ArchivedListMixin``); the API detail of an archived
record answers (with ``archived_at``) to whoever may reach it, as its page does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Archivable(models.Model):
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True, db_index=True)
    archived_by = models.ForeignKey(
        "organizations.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    archive_reason = models.CharField(_("why it was archived"), max_length=300, blank=True)

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


@dataclass(frozen=True)
class ArchiveKind:
    key: str
    model: type[models.Model]
    label: object
    may_archive: Callable  # (actor, obj) -> bool
    blockers: Callable  # (obj) -> list[str]: why it cannot be archived now (empty: it can)
    detail_url: Callable  # (obj) -> str
    reachable: Callable  # (actor) -> QuerySet of the rows the actor may reach (the app's selector, archived included)


KINDS: dict[str, ArchiveKind] = {}


def register_archivable(kind: ArchiveKind) -> None:
    KINDS[kind.key] = kind


def active(queryset, archived: bool | None = False):
    """The rows of a list: not archived, or (``archived=True``) only the archived ones; ``archived=None``: both
    (one record read by its id, which answers archived or not)."""
    if archived is None:
        return queryset
    return queryset.filter(archived_at__isnull=not archived)


def wants_archived(params) -> bool:
    """Whether a list request (page or API) asks for the archived records: ``?archived=1`` or ``?archived=true``."""
    return str(params.get("archived", "")).strip().lower() in ("1", "true", "yes", "on")
