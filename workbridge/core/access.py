"""The one visibility module. Every selector and every API/page scopes its querysets here.

Rules (issue 2):
- platform admin: everything;
- authority officer: every row whose school or enterprise lies in the authority's region (or a sub-region);
- group officer: rows of the group's member schools;
- association officer: rows of the association's member enterprises;
- school admin / teacher: rows of their school;
- enterprise admin / mentor: rows of their enterprise; students only when linked to the enterprise
  (an application, placement or project participation registered as a student-link provider);
- student: their own rows only.

Each scoped model registers, once, the lookups that lead from it to its school, enterprise and student
(``register_scope``). A model that is not registered is invisible to everyone but the platform admin.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from django.apps import apps
from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext as _

from .exceptions import NotFound, PermissionDenied
from .roles import ENTERPRISE_ROLES, SCHOOL_ROLES, Role

if TYPE_CHECKING:
    from workbridge.organizations.models import User


@dataclass(frozen=True)
class ScopeSpec:
    school: str | None = None  # lookup to the school Organization
    enterprise: str | None = None  # lookup to the enterprise Organization
    student: str | None = None  # lookup to academics.Student
    # Extra visibility for enterprises: a callable (actor) -> Q, e.g. students linked through placements.
    enterprise_extra: Callable[[Actor], Q] | None = None
    # Rows everyone in the scope's schools' region may read (e.g. published positions).
    student_extra: Callable[[Actor], Q] | None = None
    region: str | None = None  # for rows with no school/enterprise (e.g. a regional report)
    # Full override for models whose visibility is not a simple ownership path (organisations).
    custom: Callable[[Actor], Q] | None = None


_SCOPES: dict[type[Model], ScopeSpec] = {}
_STUDENT_LINK_PROVIDERS: list[Callable[[int], Q]] = []


def register_scope(model: type[Model], **paths) -> None:
    _SCOPES[model] = ScopeSpec(**paths)


def register_student_link(provider: Callable[[int], Q]) -> None:
    """provider(enterprise_id) -> Q over academics.Student selecting students linked to that enterprise."""
    _STUDENT_LINK_PROVIDERS.append(provider)


def student_link_q(enterprise_id: int) -> Q:
    q = Q(pk__in=[])
    for provider in _STUDENT_LINK_PROVIDERS:
        q |= provider(enterprise_id)
    return q


@dataclass(frozen=True)
class Actor:
    user: User  # an AnonymousUser for anonymous requests; an unsaved User for the system acting alone
    role: str | None
    organization_id: int | None
    org_kind: str | None
    region_ids: tuple[int, ...] = ()
    member_ids: tuple[int, ...] = ()  # member schools of a group / member enterprises of an association
    student_id: int | None = None
    teacher_id: int | None = None
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    @property
    def is_platform_admin(self) -> bool:
        return self.role == Role.PLATFORM_ADMIN or bool(getattr(self.user, "is_superuser", False))

    @property
    def is_school_side(self) -> bool:
        return self.role in SCHOOL_ROLES

    @property
    def is_enterprise_side(self) -> bool:
        return self.role in ENTERPRISE_ROLES

    @cached_property
    def user_id(self) -> int | None:
        return getattr(self.user, "pk", None)


ANONYMOUS = Actor(user=None, role=None, organization_id=None, org_kind=None)


def actor_for(user) -> Actor:
    """Build the acting identity from the user's current membership (the one chosen in the role switcher)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached = getattr(user, "_workbridge_actor", None)
    if cached is not None:
        return cached
    from workbridge.organizations.models import Membership

    # One lean row per membership looked at: the role, the organisation's kind and region, and the user's student
    # and teacher records (LEFT JOINs on their unique user_id) - no model instances, no separate student query.
    # Every API request pays for this (token authentication does not load it), so it is kept to one statement.
    active = Membership.objects.filter(user_id=user.pk, is_active=True)
    row = None
    if user.current_membership_id:
        row = active.filter(pk=user.current_membership_id).values_list(*ACTOR_COLUMNS).first()
    if row is None:
        row = active.order_by("id").values_list(*ACTOR_COLUMNS).first()
    if row is None:
        actor = Actor(
            user=user, role=Role.PLATFORM_ADMIN if user.is_superuser else None, organization_id=None, org_kind=None
        )
        user._workbridge_actor = actor
        return actor
    return actor_from_row(user, row)


# The columns actor_for reads for a membership, in actor_from_row's order (core.authentication reads the same ones
# joined to the API token).
ACTOR_COLUMNS = (
    "role",
    "organization_id",
    "organization__kind",
    "organization__region_id",
    "user__student__id",
    "user__student__school_id",
    "user__teacher__id",
)


def actor_from_row(user, row) -> Actor:
    """The actor for ``user`` acting through the membership described by ``row`` (ACTOR_COLUMNS' values), cached
    on the user for the rest of the request."""
    role, org_id, org_kind, org_region_id, student_pk, student_school_id, teacher_pk = row
    region_ids: tuple[int, ...] = ()
    member_ids: tuple[int, ...] = ()
    student_id = teacher_id = None
    if role == Role.AUTHORITY_OFFICER and org_region_id:
        region_ids = tuple(region_with_descendants(org_region_id))
    elif role in (Role.GROUP_OFFICER, Role.ASSOCIATION_OFFICER):
        from workbridge.organizations.models import Affiliation

        member_ids = tuple(Affiliation.objects.filter(body_id=org_id).values_list("member_id", flat=True))
    elif role == Role.STUDENT:
        student_id = student_pk if student_pk is not None and student_school_id == org_id else None
    if role == Role.TEACHER:
        teacher_id = teacher_pk
    actor = Actor(
        user=user,
        role=role,
        organization_id=org_id,
        org_kind=org_kind,
        region_ids=region_ids,
        member_ids=member_ids,
        student_id=student_id,
        teacher_id=teacher_id,
    )
    user._workbridge_actor = actor
    return actor


def region_with_descendants(root_id: int) -> list[int]:
    """The region and every sub-region below it (a city and its districts)."""
    from workbridge.organizations.models import Region

    ids, frontier = [root_id], [root_id]
    while frontier:
        frontier = list(Region.objects.filter(parent_id__in=frontier).values_list("id", flat=True))
        ids.extend(frontier)
    return ids


def as_actor(actor_or_user) -> Actor:
    """Services and selectors take an Actor; a User (a test, the shell, a management command) is turned into one."""
    return actor_or_user if isinstance(actor_or_user, Actor) else actor_for(actor_or_user)


def acting_user(actor: Actor) -> User | None:
    """The user to record as the author of a write: None for the system (a job, the seeding) acting alone."""
    user = getattr(actor, "user", None)
    return user if getattr(user, "pk", None) else None


def region_organizations(region_ids) -> QuerySet:
    """The organisations of the regions (with their sub-regions already in ``region_ids``): the one reading of
    "in the authority's region" that visibility and regional figures (``core.oversight``) share."""
    return apps.get_model("organizations", "Organization").objects.filter(region_id__in=region_ids)


def scope_q(actor: Actor, model: type[Model]) -> Q | None:
    """The filter selecting the rows of ``model`` the actor may read; None means everything."""
    actor = as_actor(actor)
    if actor.is_platform_admin:
        return None
    nothing = Q(pk__in=[])
    spec = _SCOPES.get(model)
    if spec is None or actor.role is None:
        return nothing
    if spec.custom is not None:
        return spec.custom(actor)
    role = actor.role
    if role == Role.AUTHORITY_OFFICER:
        # The region's organisations as a subquery (``school_id IN (SELECT id ...)``), not a join: the database
        # can then walk the row table's own index in order (a page of 200,000 students sorted by
        # school_id, student_number reads 25 rows instead of sorting them all; issue 14).
        in_region = region_organizations(actor.region_ids)
        q = nothing
        if spec.school:
            q |= Q(**{f"{spec.school}__in": in_region.values("id")})
        if spec.enterprise:
            q |= Q(**{f"{spec.enterprise}__in": in_region.values("id")})
        if spec.region:
            q |= Q(**{f"{spec.region}__in": actor.region_ids})
        return q
    if role == Role.GROUP_OFFICER:
        return Q(**{f"{spec.school}__in": actor.member_ids}) if spec.school else nothing
    if role == Role.ASSOCIATION_OFFICER:
        return Q(**{f"{spec.enterprise}__in": actor.member_ids}) if spec.enterprise else nothing
    if role in SCHOOL_ROLES:
        return Q(**{spec.school: actor.organization_id}) if spec.school else nothing
    if role in ENTERPRISE_ROLES:
        q = Q(**{spec.enterprise: actor.organization_id}) if spec.enterprise else nothing
        if spec.enterprise_extra is not None:
            q |= spec.enterprise_extra(actor)
        return q
    if role == Role.STUDENT:
        q = Q(**{spec.student: actor.student_id}) if (spec.student and actor.student_id) else nothing
        if spec.student_extra is not None:
            q |= spec.student_extra(actor)
        return q
    return nothing


def visible(actor, queryset: QuerySet) -> QuerySet:
    actor = as_actor(actor)
    q = scope_q(actor, queryset.model)
    if q is None:
        return queryset
    if _uses_extra_rule(actor, queryset.model):
        # Extra rules follow multi-valued relations (a student's many applications); a semi-join keeps
        # each row once without DISTINCT, which would slow every list and break ordering on some databases.
        return queryset.filter(pk__in=queryset.model._default_manager.filter(q).values("pk"))
    return queryset.filter(q)


def _uses_extra_rule(actor: Actor, model) -> bool:
    spec = _SCOPES.get(model)
    if spec is None or spec.custom is not None:
        return False
    return bool(
        (spec.enterprise_extra and actor.role in ENTERPRISE_ROLES)
        or (spec.student_extra and actor.role == Role.STUDENT)
    )


def access_object(actor, queryset: QuerySet, pk):
    """Fetch one object the actor may read, or raise NotFound (never reveal that it exists elsewhere)."""
    try:
        return visible(actor, queryset).get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        # The same words for every record: which kind and which id were asked for is not for the page to echo.
        raise NotFound(_("This record does not exist or is not yours to see.")) from None


def require_role(actor, roles: Iterable[str], message: str = "") -> Actor:
    actor = as_actor(actor)
    if actor.is_platform_admin:
        return actor
    if actor.role not in set(roles):
        raise PermissionDenied(message or "Your role may not do this.")
    return actor


def require_org(actor, organization_id: int | None, roles: Iterable[str] | None = None) -> Actor:
    """The actor must act for exactly this organisation (and, if given, in one of these roles)."""
    actor = as_actor(actor)
    if actor.is_platform_admin:
        return actor
    if organization_id is None or actor.organization_id != organization_id:
        raise PermissionDenied("You may only change records of your own organisation.")
    if roles is not None and actor.role not in set(roles):
        raise PermissionDenied("Your role may not do this.")
    return actor


def registered_models() -> list[type[Model]]:
    return list(_SCOPES)
