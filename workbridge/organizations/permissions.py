"""Who may do what with organisations, vetting and memberships (named predicates, see core.permissions). Services
ask the same predicates before they write."""

from __future__ import annotations

from workbridge.core.access import Actor, as_actor, region_with_descendants
from workbridge.core.roles import OrgKind, Role

from .models import Organization

REVIEWER_ROLES = (Role.AUTHORITY_OFFICER, Role.SCHOOL_ADMIN)


def may_edit_profile(actor: Actor, org: Organization) -> bool:
    if actor.is_platform_admin:
        return True
    if actor.role == Role.AUTHORITY_OFFICER and org.kind in (OrgKind.SCHOOL, OrgKind.ENTERPRISE):
        return org.region_id in actor.region_ids
    return actor.organization_id == org.pk and actor.role in (
        Role.SCHOOL_ADMIN,
        Role.ENTERPRISE_ADMIN,
        Role.AUTHORITY_OFFICER,
        Role.GROUP_OFFICER,
        Role.ASSOCIATION_OFFICER,
    )


def may_review(actor: Actor, enterprise: Organization) -> bool:
    """Reviewers: the platform admin, an authority officer of the enterprise's region, a school admin whose
    school lies in a region that contains the enterprise's region."""
    actor = as_actor(actor)
    if enterprise.kind != OrgKind.ENTERPRISE:
        return False
    if actor.is_platform_admin:
        return True
    if actor.role == Role.AUTHORITY_OFFICER:
        return enterprise.region_id in actor.region_ids
    if actor.role == Role.SCHOOL_ADMIN and enterprise.region_id:
        school_region = (
            Organization.objects.filter(pk=actor.organization_id).values_list("region_id", flat=True).first()
        )
        return bool(school_region) and enterprise.region_id in region_with_descendants(school_region)
    return False


def may_manage_memberships(actor: Actor, organization: Organization) -> bool:
    actor = as_actor(actor)
    if actor.is_platform_admin:
        return True
    if actor.organization_id == organization.pk and actor.role in (Role.SCHOOL_ADMIN, Role.ENTERPRISE_ADMIN):
        return True
    return actor.role == Role.AUTHORITY_OFFICER and organization.region_id in actor.region_ids


def may_import_enterprises(actor: Actor) -> bool:
    return actor.is_platform_admin or actor.role == Role.AUTHORITY_OFFICER


def sees_vetting_queue(actor: Actor) -> bool:
    return actor.is_platform_admin or actor.role in REVIEWER_ROLES


def manages_own_people(actor: Actor, *, own: bool) -> bool:
    """An admin opens "people and roles" from their own organisation's page."""
    return own and actor.role in (Role.SCHOOL_ADMIN, Role.ENTERPRISE_ADMIN)


def may_upload_licence(actor: Actor, org: Organization, *, own: bool) -> bool:
    return org.kind == OrgKind.ENTERPRISE and (actor.is_platform_admin or (own and actor.role == Role.ENTERPRISE_ADMIN))


def may_archive_organization(actor: Actor, org: Organization) -> bool:
    """An enterprise that stopped cooperating is put away by its reviewers (platform, the region's authority)."""
    actor = as_actor(actor)
    if actor.is_platform_admin:
        return True
    return org.kind == OrgKind.ENTERPRISE and actor.role == Role.AUTHORITY_OFFICER and org.region_id in actor.region_ids
