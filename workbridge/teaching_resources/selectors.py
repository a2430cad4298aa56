"""Reads of the shared teaching resources, scoped by the licence (licence.py) through core.access."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from workbridge.core.access import Actor, access_object, as_actor, visible
from workbridge.core.exceptions import NotFound

from .models import ResourceUse, ResourceVersion, TeachingResource


def _uses_total():
    rows = ResourceUse.objects.filter(resource=OuterRef("pk")).values("resource").annotate(n=Sum("count")).values("n")
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def resource_list(
    *,
    actor: Actor,
    kind: str | None = None,
    course_id: int | None = None,
    skill_id: int | None = None,
    contributor_id: int | None = None,
    q: str | None = None,
) -> QuerySet[TeachingResource]:
    """The resources the actor may use under their licences, filtered; with the number of versions and uses."""
    qs = visible(as_actor(actor), TeachingResource.objects.select_related("contributor"))
    if kind:
        qs = qs.filter(kind=kind)
    if course_id:
        qs = qs.filter(
            pk__in=TeachingResource.courses.through.objects.filter(course_id=course_id).values("teachingresource_id")
        )
    if skill_id:
        qs = qs.filter(
            pk__in=TeachingResource.skills.through.objects.filter(skill_id=skill_id).values("teachingresource_id")
        )
    if contributor_id:
        through = TeachingResource.co_contributors.through
        qs = qs.filter(
            Q(contributor_id=contributor_id)
            | Q(pk__in=through.objects.filter(organization_id=contributor_id).values("teachingresource_id"))
        )
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(description__icontains=q))
    return qs.annotate(version_count=Count("versions", distinct=True), use_count=_uses_total())


def resource_get(*, actor: Actor, pk) -> TeachingResource:
    return access_object(as_actor(actor), resource_list(actor=actor), pk)


def version_get(*, actor: Actor, pk) -> ResourceVersion:
    """A version of a resource the actor may use (404 otherwise)."""
    visible_ids = resource_list(actor=actor).values("pk")
    try:
        return ResourceVersion.objects.select_related("resource").get(pk=pk, resource__in=visible_ids)
    except (ResourceVersion.DoesNotExist, ValueError, TypeError):
        raise NotFound(_("This record does not exist or is not yours to see.")) from None


def filter_choices(*, actor: Actor) -> dict:
    """Contributors, courses and skills that occur among the resources the actor may see (for the filters)."""
    from workbridge.academics.models import Course
    from workbridge.labour_market.models import Skill
    from workbridge.organizations.models import Organization

    ids = resource_list(actor=actor).values("pk")
    contributor_ids = set(TeachingResource.objects.filter(pk__in=ids).values_list("contributor_id", flat=True))
    contributor_ids |= set(
        TeachingResource.co_contributors.through.objects.filter(teachingresource_id__in=ids).values_list(
            "organization_id", flat=True
        )
    )
    course_ids = TeachingResource.courses.through.objects.filter(teachingresource_id__in=ids).values("course_id")
    skill_ids = TeachingResource.skills.through.objects.filter(teachingresource_id__in=ids).values("skill_id")
    return {
        "contributors": list(Organization.objects.filter(pk__in=contributor_ids).order_by("name")),
        "courses": list(Course.objects.filter(pk__in=course_ids).order_by("name")),
        "skills": list(Skill.objects.filter(pk__in=skill_ids).order_by("name_zh")),
    }


def usage_by_organization(*, actor: Actor, resource: TeachingResource) -> list[dict]:
    """Uses of the resource per organisation (for its contributors)."""
    from . import permissions as perms

    if not perms.may_see_usage(as_actor(actor), resource):
        return []
    rows = (
        ResourceUse.objects.filter(resource=resource)
        .values("organization__name")
        .annotate(n=Sum("count"))
        .order_by("-n", "organization__name")
    )
    return [{"organization": r["organization__name"] or "—", "count": r["n"]} for r in rows]


def own_courses(*, actor: Actor):
    """Courses the actor's school teaches (to link a resource to)."""
    from workbridge.academics.selectors import course_list

    return course_list(actor=actor)


def co_contributor_choices(*, actor: Actor):
    """Approved schools and enterprises the actor may name as co-contributors (its own organisation left out)."""
    from workbridge.core.roles import OrgKind
    from workbridge.organizations.models import Organization, VettingStatus

    actor = as_actor(actor)
    qs = Organization.objects.filter(
        kind__in=(OrgKind.SCHOOL, OrgKind.ENTERPRISE), vetting_status=VettingStatus.APPROVED
    ).exclude(pk=actor.organization_id)
    return visible(actor, qs).order_by("kind", "name")
