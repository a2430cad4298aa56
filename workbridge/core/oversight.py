"""Oversight: the schools and enterprises whose records an actor's aggregate figures cover.

Visibility (``core.access``) says which rows an actor may read; oversight says which organisations a regional
figure, a dashboard or an annual report adds up: the authority's region, an education group's member schools, one
school. Both read the region the same way (``access.region_organizations``), as a subquery.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .access import as_actor, region_organizations
from .roles import OrgKind, Role

_LAZY = object()


class OversightScope:
    """Schools and enterprises the actor oversees (None: the whole platform).

    For a region the scope is also kept as SQL (``school_sql`` / ``enterprise_sql``, ``values("id")`` querysets)
    so every figure filters by a subquery instead of writing thousands of ids into its statement (issue 14);
    ``school_ids`` / ``enterprise_ids`` are read from them only when Python needs the set.
    """

    def __init__(
        self,
        school_ids=None,
        enterprise_ids=None,
        label: str = "",
        region_ids: tuple[int, ...] = (),
        extra: dict | None = None,
        *,
        school_sql=None,
        enterprise_sql=None,
        key: tuple = (),
    ):
        self._school_ids = _LAZY if school_sql is not None and school_ids is None else school_ids
        self._enterprise_ids = _LAZY if enterprise_sql is not None and enterprise_ids is None else enterprise_ids
        self.school_sql, self.enterprise_sql = school_sql, enterprise_sql
        self.label, self.region_ids, self.extra = label, region_ids, extra or {}
        self.key = key or ("schools", tuple(sorted(school_ids)) if school_ids is not None else None)

    @property
    def school_ids(self) -> set[int] | None:
        if self._school_ids is _LAZY:
            self._school_ids = set(self.school_sql.values_list("id", flat=True))
        return self._school_ids

    @property
    def enterprise_ids(self) -> set[int] | None:
        if self._enterprise_ids is _LAZY:
            self._enterprise_ids = set(self.enterprise_sql.values_list("id", flat=True))
        return self._enterprise_ids

    @property
    def is_all(self) -> bool:
        return self.school_sql is None and self._school_ids is None

    def schools_in(self):
        """The schools for ``__in`` lookups: a subquery for a region, else the set."""
        return self.school_sql if self.school_sql is not None else self._school_ids

    def enterprises_in(self):
        return self.enterprise_sql if self.enterprise_sql is not None else (self._enterprise_ids or set())

    def schools_q(self, path: str) -> Q:
        return Q() if self.is_all else Q(**{f"{path}__in": self.schools_in()})

    def either_q(self, school_path: str, enterprise_path: str) -> Q:
        if self.is_all:
            return Q()
        return Q(**{f"{school_path}__in": self.schools_in()}) | Q(**{f"{enterprise_path}__in": self.enterprises_in()})


def oversight_scope(actor, school_id: int | None = None) -> OversightScope:
    """What the actor's aggregate figures cover: one school (``school_id``, a school's own report), the authority's
    region, an education group's member schools, a school admin's school, everything for the platform admin."""
    actor = as_actor(actor)
    Organization = apps.get_model("organizations", "Organization")
    if school_id is not None:
        school = Organization.objects.filter(pk=school_id, kind=OrgKind.SCHOOL).first()
        return OversightScope({school_id}, set(), label=school.name if school else "", key=("school", school_id))
    if actor.is_platform_admin:
        return OversightScope(None, None, label=str(_("All regions")), key=("all",))
    if actor.role == Role.AUTHORITY_OFFICER:
        orgs = region_organizations(actor.region_ids)
        authority = Organization.objects.filter(pk=actor.organization_id).select_related("region").first()
        return OversightScope(
            label=authority.region.name if authority and authority.region else "",
            region_ids=actor.region_ids,
            school_sql=orgs.filter(kind=OrgKind.SCHOOL).values("id"),
            enterprise_sql=orgs.filter(kind=OrgKind.ENTERPRISE).values("id"),
            key=("region", tuple(sorted(actor.region_ids))),
        )
    if actor.role == Role.GROUP_OFFICER:
        return OversightScope(set(actor.member_ids), set(), label="", key=("group", actor.organization_id))
    if actor.role == Role.SCHOOL_ADMIN:
        return oversight_scope(actor, actor.organization_id)
    return OversightScope(set(), set(), key=("none",))
