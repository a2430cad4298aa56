"""Writes for users, organisations, memberships, API tokens and enterprise vetting.

Every function is keyword-only, checks the actor's rights first, validates with ``full_clean()``, runs in one
transaction and writes an audit entry for consequential changes (roles, vetting decisions, tokens).
"""

from __future__ import annotations

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from workbridge.core.access import Actor, as_actor, require_role
from workbridge.core.exceptions import (
    Conflict,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from workbridge.core.roles import ROLE_ORG_KIND, OrgKind, Role
from workbridge.core.services import audit_record, notification_send
from workbridge.core.services import full_clean_or_raise as _clean
from workbridge.core.uploads import validate_upload

from .engines.names import normalize_name
from .models import Membership, Organization, Region, User, VettingReview, VettingStatus
from .permissions import may_edit_profile, may_manage_memberships, may_review

# Fields an organisation's own admin may edit on its profile (credit code and kind are fixed after creation).
PROFILE_FIELDS = (
    "name",
    "name_en",
    "short_name",
    "code",
    "school_type",
    "industry_section",
    "industry_division",
    "size_band",
    "staff_count",
    "address",
    "latitude",
    "longitude",
    "contact_name",
    "contact_phone",
    "contact_email",
    "website",
    "description",
)


# --------------------------------------------------------------------------------------------------------------
# Enterprise status guard used by partnerships / placements


def require_approved_enterprise(org: Organization) -> Organization:
    """Raise unless ``org`` is an enterprise whose vetting is approved (only those sign or publish)."""
    if org is None or org.kind != OrgKind.ENTERPRISE:
        raise PermissionDenied(_("Only an enterprise can do this."))
    if org.vetting_status != VettingStatus.APPROVED:
        raise Conflict(
            _(
                "%(name)s is not an approved enterprise (status: %(status)s);"
                " it cannot sign agreements or publish positions."
            )
            % {"name": org.name, "status": org.get_vetting_status_display()}
        )
    return org


# --------------------------------------------------------------------------------------------------------------
# Duplicate detection


def enterprise_refuse_exact_duplicate(*, name: str, credit_code: str, exclude_pk: int | None = None) -> None:
    """Refuse a second enterprise with the same credit code or the same normalised name."""
    qs = Organization.objects.filter(kind=OrgKind.ENTERPRISE)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if credit_code and qs.filter(credit_code=credit_code).exists():
        raise Conflict(
            _("An enterprise with credit code %(code)s is already registered.") % {"code": credit_code},
            errors={"credit_code": [_("already registered")]},
        )
    norm = normalize_name(name)
    if norm and qs.filter(normalized_name=norm).exists():
        raise Conflict(
            _("An enterprise named like %(name)s is already registered.") % {"name": name},
            errors={"name": [_("already registered")]},
        )


# --------------------------------------------------------------------------------------------------------------
# Organisations


@transaction.atomic
def organization_create(*, actor: Actor, kind: str, name: str, region: Region | None = None, **fields) -> Organization:
    """Platform admins create any organisation; authority officers create schools and enterprises in their region.

    Enterprises created this way by a reviewer start approved (the reviewer vouches for them) and get a
    vetting entry; self-registered enterprises go through ``enterprise_register`` instead.
    """
    actor = as_actor(actor)
    if not actor.is_platform_admin:
        require_role(actor, [Role.AUTHORITY_OFFICER])
        if kind not in (OrgKind.SCHOOL, OrgKind.ENTERPRISE) or region is None or region.pk not in actor.region_ids:
            raise PermissionDenied(_("You may only add schools and enterprises in your own region."))
    unknown = set(fields) - set(PROFILE_FIELDS) - {"credit_code", "vetting_status"}
    if unknown:
        raise ValidationFailed(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    org = Organization(kind=kind, name=name.strip(), region=region, **fields)
    org.normalized_name = normalize_name(org.name)
    if kind == OrgKind.ENTERPRISE:
        enterprise_refuse_exact_duplicate(name=org.name, credit_code=org.credit_code)
        org.vetting_status = fields.get("vetting_status") or VettingStatus.APPROVED
    _clean(org)
    org.save()
    if kind == OrgKind.ENTERPRISE:
        VettingReview.objects.create(
            enterprise=org,
            reviewer=actor.user if getattr(actor.user, "pk", None) else None,
            reviewer_organization_id=actor.organization_id,
            from_status=VettingStatus.PENDING,
            to_status=org.vetting_status,
            reason=_("Added by a reviewer."),
        )
    audit_record(actor=actor, action="organization.create", target=org, organization_id=org.pk, summary=org.name)
    return org


@transaction.atomic
def organization_update(*, actor: Actor, organization: Organization, data: dict) -> Organization:
    actor = as_actor(actor)
    if not may_edit_profile(actor, organization):
        raise PermissionDenied(_("Only your organisation's admin may edit its profile."))
    changed = []
    for key, value in data.items():
        if key not in PROFILE_FIELDS:
            raise ValidationFailed(_("The field %(f)s cannot be changed here.") % {"f": key})
        if getattr(organization, key) != value:
            setattr(organization, key, value)
            changed.append(key)
    if not changed:
        return organization
    organization.normalized_name = normalize_name(organization.name)
    if organization.kind == OrgKind.ENTERPRISE and "name" in changed:
        enterprise_refuse_exact_duplicate(name=organization.name, credit_code="", exclude_pk=organization.pk)
    _clean(organization)
    organization.save()
    audit_record(
        actor=actor.user,
        action="organization.update",
        target=organization,
        organization_id=organization.pk,
        data={"fields": sorted(changed)},
    )
    return organization


# --------------------------------------------------------------------------------------------------------------
# Enterprise self-registration and vetting


@transaction.atomic
def enterprise_register(
    *,
    name: str,
    credit_code: str,
    region: Region,
    username: str,
    password: str,
    email: str,
    display_name: str = "",
    licence_file=None,
    **fields,
) -> tuple[Organization, User]:
    """A company signs itself up: a pending enterprise and its enterprise-admin user, in one transaction."""
    if licence_file is not None:
        validate_upload(licence_file, purpose="document", field="licence_file")  # before anything is written
    credit_code = (credit_code or "").strip().upper()
    name = (name or "").strip()
    errors: dict[str, list[str]] = {}
    if not username:
        errors["username"] = [_("A user name is required.")]
    elif User.objects.filter(username__iexact=username).exists():
        errors["username"] = [_("This user name is taken.")]
    if not email:
        errors["email"] = [_("An e-mail address is required (password resets go there).")]
    try:
        password_validation.validate_password(password or "", User(username=username, email=email))
    except ValidationError as exc:
        errors["password"] = [str(m) for m in exc.messages]
    if errors:
        raise ValidationFailed(next(iter(errors.values()))[0], errors=errors)
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationFailed(_("Unknown fields: %(f)s") % {"f": ", ".join(sorted(unknown))})
    org = Organization(
        kind=OrgKind.ENTERPRISE,
        name=name,
        credit_code=credit_code,
        region=region,
        vetting_status=VettingStatus.PENDING,
        normalized_name=normalize_name(name),
        **fields,
    )
    enterprise_refuse_exact_duplicate(name=name, credit_code=credit_code)
    _clean(org, exclude=["licence_file"])
    try:
        with transaction.atomic():
            org.save()
    except IntegrityError:
        raise Conflict(_("An enterprise with credit code %(code)s is already registered.") % {"code": credit_code})
    if licence_file is not None:
        org.licence_file.save(licence_file.name, licence_file, save=True)
    user = User(username=username, email=email, display_name=display_name or username)
    user.set_password(password)
    _clean(user, exclude=["password", "current_membership"])
    user.save()
    membership = Membership(user=user, organization=org, role=Role.ENTERPRISE_ADMIN)
    _clean(membership)
    membership.save()
    user.current_membership = membership
    user.save(update_fields=["current_membership"])
    VettingReview.objects.create(
        enterprise=org,
        reviewer=user,
        from_status=VettingStatus.PENDING,
        to_status=VettingStatus.PENDING,
        reason=_("Self-registered."),
    )
    audit_record(actor=user, action="enterprise.register", target=org, organization_id=org.pk, summary=org.name)
    return org, user


# (from, decision) -> to
_TRANSITIONS: dict[tuple[str, str], str] = {
    (VettingStatus.PENDING, "approve"): VettingStatus.APPROVED,
    (VettingStatus.PENDING, "reject"): VettingStatus.REJECTED,
    (VettingStatus.APPROVED, "suspend"): VettingStatus.SUSPENDED,
    (VettingStatus.SUSPENDED, "approve"): VettingStatus.APPROVED,
    (VettingStatus.SUSPENDED, "reject"): VettingStatus.REJECTED,
    (VettingStatus.REJECTED, "approve"): VettingStatus.APPROVED,
}
DECISIONS = ("approve", "reject", "suspend")


@transaction.atomic
def enterprise_review(*, actor: Actor, enterprise: Organization, decision: str, reason: str = "") -> VettingReview:
    """Approve, reject (with reason) or suspend (with reason) an enterprise."""
    actor = as_actor(actor)
    enterprise = Organization.objects.select_for_update().get(pk=enterprise.pk)
    if not may_review(actor, enterprise):
        raise PermissionDenied(_("Only a school admin or authority officer of the enterprise's region reviews it."))
    if decision not in DECISIONS:
        raise ValidationFailed(_("Unknown decision %(d)s.") % {"d": decision}, errors={"decision": [_("invalid")]})
    target = _TRANSITIONS.get((enterprise.vetting_status, decision))
    if target is None:
        raise InvalidTransition(
            _("An enterprise that is %(status)s cannot be given the decision %(d)s.")
            % {"status": enterprise.get_vetting_status_display(), "d": decision}
        )
    reason = (reason or "").strip()
    if decision in ("reject", "suspend") and not reason:
        raise ValidationFailed(_("Give the reason for this decision."), errors={"reason": [_("required")]})
    if decision == "approve" and not enterprise.licence_file:
        raise ValidationFailed(
            _("Approve only after the business licence is uploaded."), errors={"licence_file": [_("missing")]}
        )
    review = VettingReview.objects.create(
        enterprise=enterprise,
        reviewer=actor.user if getattr(actor.user, "pk", None) else None,
        reviewer_organization_id=actor.organization_id,
        from_status=enterprise.vetting_status,
        to_status=target,
        reason=reason,
    )
    enterprise.vetting_status = target
    enterprise.vetting_reason = reason
    enterprise.save(update_fields=["vetting_status", "vetting_reason", "updated_at"])
    audit_record(
        actor=actor.user,
        action=f"enterprise.{decision}",
        target=enterprise,
        organization_id=enterprise.pk,
        summary=f"{review.from_status} -> {target}",
        data={"reason": reason[:200]},
    )
    for membership in enterprise.memberships.filter(is_active=True, role=Role.ENTERPRISE_ADMIN).select_related("user"):
        notification_send(
            recipient=membership.user,
            kind="enterprise.vetting",
            title=_("Vetting decision: %(status)s") % {"status": enterprise.get_vetting_status_display()},
            body=reason,
            link=f"/organizations/{enterprise.pk}/",
            email=True,
        )
    return review


@transaction.atomic
def enterprise_upload_licence(*, actor: Actor, enterprise: Organization, licence_file) -> Organization:
    actor = as_actor(actor)
    if not (
        actor.is_platform_admin or (actor.organization_id == enterprise.pk and actor.role == Role.ENTERPRISE_ADMIN)
    ):
        raise PermissionDenied(_("Only the enterprise's admin uploads its licence."))
    validate_upload(licence_file, purpose="document", field="licence_file")
    enterprise.licence_file.save(licence_file.name, licence_file, save=True)
    audit_record(actor=actor, action="enterprise.licence_upload", target=enterprise, organization_id=enterprise.pk)
    return enterprise


@transaction.atomic
def enterprise_resubmit(*, actor: Actor, enterprise: Organization) -> VettingReview:
    """After a rejection the enterprise admin fixes the profile and asks for review again."""
    actor = as_actor(actor)
    if not (
        actor.is_platform_admin or (actor.organization_id == enterprise.pk and actor.role == Role.ENTERPRISE_ADMIN)
    ):
        raise PermissionDenied(_("Only the enterprise's admin resubmits it."))
    if enterprise.vetting_status != VettingStatus.REJECTED:
        raise InvalidTransition(_("Only a rejected enterprise is resubmitted."))
    review = VettingReview.objects.create(
        enterprise=enterprise,
        reviewer=actor.user,
        reviewer_organization_id=enterprise.pk,
        from_status=VettingStatus.REJECTED,
        to_status=VettingStatus.PENDING,
        reason=_("Resubmitted for review."),
    )
    enterprise.vetting_status = VettingStatus.PENDING
    enterprise.save(update_fields=["vetting_status", "updated_at"])
    audit_record(actor=actor, action="enterprise.resubmit", target=enterprise, organization_id=enterprise.pk)
    return review


# --------------------------------------------------------------------------------------------------------------
# Users, memberships and roles


@transaction.atomic
def user_switch_membership(*, user: User, membership_id: int) -> Membership:
    membership = Membership.objects.filter(pk=membership_id, user=user, is_active=True).first()
    if membership is None:
        raise NotFound(_("That role is not yours."))
    user.current_membership = membership
    user.save(update_fields=["current_membership"])
    user.__dict__.pop("_workbridge_actor", None)
    audit_record(actor=user, action="membership.switch", target=membership, organization_id=membership.organization_id)
    return membership


def _sync_staff_flag(user: User) -> None:
    """Django admin is for platform admins only: is_staff follows the platform-admin membership."""
    should = user.is_superuser or user.memberships.filter(role=Role.PLATFORM_ADMIN, is_active=True).exists()
    if user.is_staff != should:
        user.is_staff = should
        user.save(update_fields=["is_staff"])


def _check_grant(actor: Actor, organization: Organization, role: str) -> None:
    if not may_manage_memberships(actor, organization):
        raise PermissionDenied(_("You may not grant roles in this organisation."))
    if role not in Role.values:
        raise ValidationFailed(_("Unknown role %(r)s.") % {"r": role}, errors={"role": [_("invalid")]})
    if role == Role.PLATFORM_ADMIN and not actor.is_platform_admin:
        raise PermissionDenied(_("Only a platform admin grants the platform admin role."))
    if ROLE_ORG_KIND.get(role) != organization.kind:
        raise ValidationFailed(
            _("The role %(role)s cannot be held in a %(kind)s.")
            % {"role": Role(role).label, "kind": organization.get_kind_display()},
            errors={"role": [_("does not fit the organisation")]},
        )


@transaction.atomic
def membership_grant(*, actor: Actor, user: User, organization: Organization, role: str, title: str = "") -> Membership:
    """Give a role directly: to someone who already works in the organisation (or, for the platform admin, anyone).
    Anybody else is offered the role with ``membership_offer`` and must accept it."""
    actor = as_actor(actor)
    _check_grant(actor, organization, role)
    return _attach(actor.user, user, organization, role, title)


def _attach(by, user: User, organization: Organization, role: str, title: str) -> Membership:
    membership, created = Membership.objects.get_or_create(
        user=user, organization=organization, role=role, defaults={"title": title}
    )
    if not created and membership.is_active:
        raise Conflict(_("%(user)s already holds this role here.") % {"user": user})
    if not created:
        membership.is_active = True
        membership.title = title or membership.title
        membership.save(update_fields=["is_active", "title", "updated_at"])
    _clean(membership)
    if user.current_membership_id is None:
        user.current_membership = membership
        user.save(update_fields=["current_membership"])
    _sync_staff_flag(user)
    audit_record(
        actor=by,
        action="membership.grant",
        target=membership,
        organization_id=organization.pk,
        summary=f"{user.username} -> {role} @ {organization.pk}",
        data={"user_id": user.pk, "role": role},
    )
    return membership


@transaction.atomic
def membership_revoke(*, actor: Actor, membership: Membership) -> Membership:
    actor = as_actor(actor)
    if not may_manage_memberships(actor, membership.organization):
        raise PermissionDenied(_("You may not revoke roles in this organisation."))
    if not membership.is_active:
        raise InvalidTransition(_("This role was already revoked."))
    if membership.user_id == actor.user_id and membership.role in (
        Role.SCHOOL_ADMIN,
        Role.ENTERPRISE_ADMIN,
        Role.PLATFORM_ADMIN,
    ):
        others = Membership.objects.filter(
            organization=membership.organization, role=membership.role, is_active=True
        ).exclude(pk=membership.pk)
        if not others.exists():
            raise Conflict(_("You are the last admin of this organisation; grant the role to someone else first."))
    membership.is_active = False
    membership.save(update_fields=["is_active", "updated_at"])
    user = membership.user
    if user.current_membership_id == membership.pk:
        user.current_membership = user.memberships.filter(is_active=True).order_by("id").first()
        user.save(update_fields=["current_membership"])
    _sync_staff_flag(user)
    audit_record(
        actor=actor.user,
        action="membership.revoke",
        target=membership,
        organization_id=membership.organization_id,
        summary=f"{user.username} -x {membership.role} @ {membership.organization_id}",
        data={"user_id": membership.user_id, "role": membership.role},
    )
    return membership


@transaction.atomic
def user_create(
    *,
    actor: Actor,
    organization: Organization,
    role: str,
    username: str,
    email: str,
    display_name: str = "",
    password: str = "",
    title: str = "",
) -> User:
    """An admin adds a person with a first role. Without a password the account can only be entered after a
    password reset (the admin tells the person to use 'Forgot your password?')."""
    actor = as_actor(actor)
    if not may_manage_memberships(actor, organization):
        raise PermissionDenied(_("You may not add people to this organisation."))
    username = (username or "").strip()
    if not username:
        raise ValidationFailed(_("A user name is required."), errors={"username": [_("required")]})
    if User.objects.filter(username__iexact=username).exists():
        raise Conflict(_("The user name %(u)s is taken.") % {"u": username}, errors={"username": [_("taken")]})
    user = User(username=username, email=email or "", display_name=display_name or username)
    if password:
        try:
            password_validation.validate_password(password, user)
        except ValidationError as exc:
            raise ValidationFailed("; ".join(exc.messages), errors={"password": list(exc.messages)})
        user.set_password(password)
    else:
        user.set_unusable_password()
    _clean(user, exclude=["password", "current_membership"])
    user.save()
    audit_record(actor=actor, action="user.create", target=user, organization_id=organization.pk, summary=username)
    membership_grant(actor=actor, user=user, organization=organization, role=role, title=title)
    return user


@transaction.atomic
def api_token_rotate(*, user: User):
    """Create (or replace) the user's API token. The old token stops working at once."""
    from rest_framework.authtoken.models import Token

    Token.objects.filter(user=user).delete()
    token = Token.objects.create(user=user)
    audit_record(actor=user, action="api_token.rotate", target=user)
    return token


@transaction.atomic
def api_token_revoke(*, user: User) -> None:
    from rest_framework.authtoken.models import Token

    deleted, _unused = Token.objects.filter(user=user).delete()
    if deleted:
        audit_record(actor=user, action="api_token.revoke", target=user)


def user_tokens_revoke(*, user, reason: str) -> int:
    """Delete the person's API tokens: a new password (changed, reset, or set by an admin) or a deactivated
    account must not leave an old token working (issue 8). Other web sessions end by themselves, because Django
    ties each session to the password hash. Returns how many tokens were deleted."""
    from rest_framework.authtoken.models import Token

    deleted = Token.objects.filter(user=user).delete()[0]
    if deleted:
        audit_record(actor=user, action="user.tokens_revoked", target=user, summary=reason[:300])
    return deleted


OFFER_SENT = "sent"  # the neutral answer: an invitation went out if the account exists
OFFER_GRANTED = "granted"


@transaction.atomic
def membership_offer(
    *, actor: Actor, username: str, organization: Organization, role: str, title: str = ""
) -> tuple[str, Membership | None]:
    """Grant a role by user name without revealing who has an account (issue 8 item 4).

    Someone already active in the organisation gets the role at once (the granter sees them in the people list
    anyway); anyone else receives an invitation they accept or decline, and the granter's answer is the same
    whether or not the user name exists. The role and the organisation are checked first, for everyone."""
    actor = as_actor(actor)
    _check_grant(actor, organization, role)
    user = User.objects.filter(username__iexact=(username or "").strip(), is_active=True).first()
    if user is None:
        return OFFER_SENT, None
    colleague = user.memberships.filter(organization=organization, is_active=True).exists()
    if colleague or actor.is_platform_admin:
        return OFFER_GRANTED, _attach(actor.user, user, organization, role, title)
    if user.memberships.filter(organization=organization, role=role, is_active=True).exists():
        return OFFER_SENT, None
    from .models import InvitationStatus, MembershipInvitation

    invitation, created = MembershipInvitation.objects.get_or_create(
        user=user,
        organization=organization,
        role=role,
        status=InvitationStatus.PENDING,
        defaults={"title": title, "invited_by": actor.user},
    )
    if created:
        notification_send(
            recipient=user,
            kind="organizations.invitation",
            title=_("%(org)s invites you to join as %(role)s") % {"org": organization.name, "role": Role(role).label},
            link="/organizations/invitations/",
            email=True,
        )
        audit_record(
            actor=actor,
            action="membership.invite",
            target=invitation,
            organization_id=organization.pk,
            summary=f"{role} @ {organization.pk}",
            data={"role": role},
        )
    return OFFER_SENT, None


@transaction.atomic
def invitation_answer(*, actor: Actor, invitation_id: int, accept: bool) -> Membership | None:
    """The invited person accepts (the role is attached) or declines."""
    from django.utils import timezone

    from .models import InvitationStatus, MembershipInvitation

    actor = as_actor(actor)
    invitation = (
        MembershipInvitation.objects.select_for_update()
        .filter(pk=invitation_id, user=actor.user, status=InvitationStatus.PENDING)
        .first()
    )
    if invitation is None:
        raise NotFound(_("No such invitation."))
    invitation.status = InvitationStatus.ACCEPTED if accept else InvitationStatus.DECLINED
    invitation.decided_at = timezone.now()
    invitation.save(update_fields=["status", "decided_at", "updated_at"])
    audit_record(
        actor=actor,
        action="membership.invitation_" + invitation.status,
        target=invitation,
        organization_id=invitation.organization_id,
    )
    if not accept:
        return None
    return _attach(actor.user, actor.user, invitation.organization, invitation.role, invitation.title)
