"""Writes for users, organisations, memberships and enterprise vetting."""

from __future__ import annotations

from django.db import transaction

from workbridge.core.access import Actor, actor_for, require_role
from workbridge.core.exceptions import NotFound, PermissionDenied, from_django_validation_error
from workbridge.core.roles import Role
from workbridge.core.services import audit_record

from .models import Membership, Organization, User


def _clean(instance) -> None:
    from django.core.exceptions import ValidationError

    try:
        instance.full_clean()
    except ValidationError as exc:
        raise from_django_validation_error(exc) from exc


@transaction.atomic
def user_switch_membership(*, user: User, membership_id: int) -> Membership:
    membership = Membership.objects.filter(pk=membership_id, user=user, is_active=True).first()
    if membership is None:
        raise NotFound("That role is not yours.")
    user.current_membership = membership
    user.save(update_fields=["current_membership"])
    user.__dict__.pop("_workbridge_actor", None)
    audit_record(actor=user, action="membership.switch", target=membership, organization_id=membership.organization_id)
    return membership


def _may_manage_memberships(actor: Actor, organization: Organization) -> bool:
    if actor.is_platform_admin:
        return True
    if actor.organization_id == organization.pk and actor.role in (Role.SCHOOL_ADMIN, Role.ENTERPRISE_ADMIN):
        return True
    return actor.role == Role.AUTHORITY_OFFICER and organization.region_id in actor.region_ids


@transaction.atomic
def membership_grant(*, actor, user: User, organization: Organization, role: str, title: str = "") -> Membership:
    actor = actor if isinstance(actor, Actor) else actor_for(actor)
    if not _may_manage_memberships(actor, organization):
        raise PermissionDenied("You may not grant roles in this organisation.")
    if role == Role.PLATFORM_ADMIN and not actor.is_platform_admin:
        raise PermissionDenied("Only a platform admin grants the platform admin role.")
    membership, created = Membership.objects.get_or_create(
        user=user, organization=organization, role=role, defaults={"title": title}
    )
    if not created and not membership.is_active:
        membership.is_active = True
        membership.save(update_fields=["is_active", "updated_at"])
    _clean(membership)
    if user.current_membership_id is None:
        user.current_membership = membership
        user.save(update_fields=["current_membership"])
    audit_record(
        actor=actor.user,
        action="membership.grant",
        target=membership,
        organization_id=organization.pk,
        summary=f"{user.username} -> {role} @ {organization.pk}",
        data={"user_id": user.pk, "role": role},
    )
    return membership


@transaction.atomic
def membership_revoke(*, actor, membership: Membership) -> Membership:
    actor = actor if isinstance(actor, Actor) else actor_for(actor)
    if not _may_manage_memberships(actor, membership.organization):
        raise PermissionDenied("You may not revoke roles in this organisation.")
    membership.is_active = False
    membership.save(update_fields=["is_active", "updated_at"])
    if membership.user.current_membership_id == membership.pk:
        membership.user.current_membership = None
        membership.user.save(update_fields=["current_membership"])
    audit_record(
        actor=actor.user,
        action="membership.revoke",
        target=membership,
        organization_id=membership.organization_id,
        data={"user_id": membership.user_id, "role": membership.role},
    )
    return membership


def require_admin_of(actor, organization_id: int) -> Actor:
    actor = require_role(actor, [Role.SCHOOL_ADMIN, Role.ENTERPRISE_ADMIN, Role.AUTHORITY_OFFICER])
    return actor
