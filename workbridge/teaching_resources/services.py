"""Writes of the shared teaching resources: contribute a resource, upload a version, change the licence and links,
count a use."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from workbridge.academics.models import Course
from workbridge.core.access import Actor, acting_user, as_actor
from workbridge.core.exceptions import PermissionDenied, ValidationFailed
from workbridge.core.roles import OrgKind
from workbridge.core.services import audit_record, full_clean_or_raise
from workbridge.core.uploads import validate_upload
from workbridge.labour_market.models import Skill
from workbridge.organizations.models import Organization, VettingStatus

from . import permissions as perms
from .models import Licence, ResourceKind, ResourceUse, ResourceVersion, TeachingResource


def _refuse(field: str, message: str):
    raise ValidationFailed(message, errors={field: [message]})


def _split_names(names: Iterable[str] | str) -> list[str]:
    if isinstance(names, str):
        for sep in ("、", "，", ";", "；", "\n"):
            names = names.replace(sep, ",")
        names = names.split(",")
    return [n.strip() for n in names if n and n.strip()]


def skills_by_name(names: Iterable[str] | str) -> list[Skill]:
    """Skills of the taxonomy named in Chinese or English (case ignored); an unknown name is refused by name."""
    found, unknown = [], []
    for name in _split_names(names):
        skill = (
            Skill.objects.filter(name_zh=name).first()
            or Skill.objects.filter(name_en__iexact=name).first()
            or Skill.objects.filter(name_zh__iexact=name).first()
        )
        if skill is None:
            unknown.append(name)
        elif skill not in found:
            found.append(skill)
    if unknown:
        _refuse(
            "skills",
            _("Not in the skills list: %(names)s.") % {"names": pgettext("list separator", ", ").join(unknown)},
        )
    return found


def _co_contributors(ids: Iterable[int], contributor_id: int) -> list[Organization]:
    ids = {int(i) for i in ids or () if i and int(i) != contributor_id}
    orgs = list(
        Organization.objects.filter(
            pk__in=ids, kind__in=(OrgKind.SCHOOL, OrgKind.ENTERPRISE), vetting_status=VettingStatus.APPROVED
        )
    )
    if len(orgs) != len(ids):
        _refuse("co_contributor_ids", _("Choose approved schools or enterprises as co-contributors."))
    return orgs


def _courses(ids: Iterable[int], school_ids: set[int]) -> list[Course]:
    ids = {int(i) for i in ids or ()}
    courses = list(Course.objects.filter(pk__in=ids, school_id__in=school_ids))
    if len(courses) != len(ids):
        _refuse("course_ids", _("Choose courses of the contributing schools."))
    return courses


def _school_ids(resource_contributor: Organization, co: list[Organization]) -> set[int]:
    return {o.pk for o in [resource_contributor, *co] if o.kind == OrgKind.SCHOOL}


@transaction.atomic
def resource_create(
    *,
    actor: Actor,
    title: str,
    kind: str,
    licence: str,
    description: str = "",
    co_contributor_ids: Iterable[int] = (),
    course_ids: Iterable[int] = (),
    skill_names: Iterable[str] | str = (),
) -> TeachingResource:
    """The actor's organisation contributes a resource (with co-contributors for a joint work)."""
    actor = as_actor(actor)
    if not perms.may_contribute(actor):
        raise PermissionDenied(_("A school's or an enterprise's staff contribute resources."))
    if kind not in ResourceKind.values:
        _refuse("kind", _("Choose the kind of resource."))
    if licence not in Licence.values:
        _refuse("licence", _("Choose who may use it."))
    contributor = Organization.objects.get(pk=actor.organization_id)
    co = _co_contributors(co_contributor_ids, contributor.pk)
    courses = _courses(course_ids, _school_ids(contributor, co))
    skills = skills_by_name(skill_names)
    resource = TeachingResource(
        title=(title or "").strip(),
        kind=kind,
        licence=licence,
        description=(description or "").strip(),
        contributor=contributor,
        created_by=acting_user(actor),
    )
    full_clean_or_raise(resource)
    resource.save()
    resource.co_contributors.set(co)
    resource.courses.set(courses)
    resource.skills.set(skills)
    audit_record(
        actor=actor,
        action="teaching_resources.contributed",
        target=resource,
        organization_id=contributor.pk,
        data={"kind": kind, "licence": licence, "co_contributors": [o.pk for o in co]},
    )
    return resource


def _may_manage(actor: Actor, resource: TeachingResource) -> Actor:
    actor = as_actor(actor)
    if not perms.may_manage_resource(actor, resource):
        raise PermissionDenied(_("The contributors' staff keep the resource up to date."))
    return actor


@transaction.atomic
def resource_update(
    *,
    actor: Actor,
    resource: TeachingResource,
    licence: str,
    description: str = "",
    course_ids: Iterable[int] = (),
    skill_names: Iterable[str] | str = (),
) -> TeachingResource:
    """Change who may use the resource, its description and its links to courses and skills."""
    actor = _may_manage(actor, resource)
    if licence not in Licence.values:
        _refuse("licence", _("Choose who may use it."))
    co = list(resource.co_contributors.all())
    courses = _courses(course_ids, _school_ids(resource.contributor, co))
    skills = skills_by_name(skill_names)
    before = resource.licence
    resource.licence = licence
    resource.description = (description or "").strip()
    full_clean_or_raise(resource)
    resource.save()
    resource.courses.set(courses)
    resource.skills.set(skills)
    audit_record(
        actor=actor,
        action="teaching_resources.updated",
        target=resource,
        organization_id=resource.contributor_id,
        data={"licence_from": before, "licence_to": licence},
    )
    return resource


@transaction.atomic
def version_add(*, actor: Actor, resource: TeachingResource, file, note: str = "") -> ResourceVersion:
    """Upload a new version: checked by content (PDF, Office, images, mp4, zip) and size, stored under a new name."""
    actor = _may_manage(actor, resource)
    if not file:
        _refuse("file", _("Choose a file."))
    checked = validate_upload(file, purpose="teaching_resource", field="file")
    last = resource.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = ResourceVersion(
        resource=resource,
        number=last + 1,
        file=file,
        file_kind=checked.kind,
        size_bytes=int(getattr(file, "size", 0) or 0),
        note=(note or "").strip(),
        uploaded_on=timezone.localdate(),
        uploaded_by=acting_user(actor),
    )
    full_clean_or_raise(version, exclude=["file"])
    version.save()
    audit_record(
        actor=actor,
        action="teaching_resources.version_added",
        target=resource,
        organization_id=resource.contributor_id,
        data={"version": version.number, "file_kind": checked.kind},
    )
    return version


@transaction.atomic
def resource_use_record(*, actor: Actor, version: ResourceVersion) -> ResourceUse:
    """Count one opening or download of a version for the actor's organisation (no person is recorded)."""
    actor = as_actor(actor)
    use, _created = ResourceUse.objects.get_or_create(
        resource_id=version.resource_id, organization_id=actor.organization_id, used_on=timezone.localdate()
    )
    ResourceUse.objects.filter(pk=use.pk).update(count=F("count") + 1)
    use.refresh_from_db(fields=["count"])
    return use
