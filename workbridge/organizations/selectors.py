"""Reads for organisations, memberships and vetting, always scoped by the acting user."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from workbridge.core.access import Actor, access_object, as_actor, region_with_descendants, visible
from workbridge.core.archiving import active
from workbridge.core.roles import ENTERPRISE_ROLES, SCHOOL_ROLES, OrgKind, Role

from .engines.names import SIMILARITY_THRESHOLD, normalize_name, similar_names
from .models import Membership, Organization, Region, User, VettingReview, VettingStatus


def _school_region_ids(actor: Actor) -> list[int]:
    cached = actor.extra.get("school_region_ids")
    if cached is None:
        region_id = Organization.objects.filter(pk=actor.organization_id).values_list("region_id", flat=True).first()
        cached = region_with_descendants(region_id) if region_id else []
        actor.extra["school_region_ids"] = cached
    return cached


def organization_scope_q(actor: Actor) -> Q:
    """Who sees which organisation rows (see core.access for the overall rules).

    Schools are public institutions: every signed-in user may see school rows. Approved enterprises form
    the partner directory that schools and students browse; pending, rejected or suspended ones are seen only
    by themselves, their region's authority and the admins of schools of that region (who review them).
    Authorities, groups and associations are seen by themselves, their region's authority and their members.
    """
    own = Q(pk=actor.organization_id) if actor.organization_id else Q(pk__in=[])
    schools = Q(kind=OrgKind.SCHOOL)
    approved_enterprises = Q(kind=OrgKind.ENTERPRISE, vetting_status=VettingStatus.APPROVED)
    role = actor.role
    if role == Role.AUTHORITY_OFFICER:
        return own | schools | approved_enterprises | Q(region_id__in=actor.region_ids)
    if role in SCHOOL_ROLES:
        reviewable = (
            Q(kind=OrgKind.ENTERPRISE, region_id__in=_school_region_ids(actor))
            if role == Role.SCHOOL_ADMIN
            else Q(pk__in=[])
        )
        return own | schools | approved_enterprises | reviewable
    if role in ENTERPRISE_ROLES:
        return own | schools
    if role == Role.STUDENT:
        return own | approved_enterprises
    if role in (Role.GROUP_OFFICER, Role.ASSOCIATION_OFFICER):
        return own | schools | Q(pk__in=actor.member_ids)
    return Q(pk__in=[])


def membership_scope_q(actor: Actor) -> Q:
    """Memberships are seen by admins of the organisation, the region's authority, and the person themself."""
    mine = Q(user_id=actor.user_id)
    if actor.role in (Role.SCHOOL_ADMIN, Role.ENTERPRISE_ADMIN):
        return mine | Q(organization_id=actor.organization_id)
    if actor.role == Role.AUTHORITY_OFFICER:
        return mine | Q(organization__region_id__in=actor.region_ids)
    return mine


def vetting_review_scope_q(actor: Actor) -> Q:
    """A vetting history is seen by the enterprise itself and by those who may review it."""
    own = Q(enterprise_id=actor.organization_id) if actor.organization_id else Q(pk__in=[])
    return own | Q(enterprise__in=Organization.objects.filter(reviewer_q(actor)).values("pk"))


def reviewer_q(actor: Actor) -> Q:
    """Enterprises this actor may review (used for the queue)."""
    if actor.is_platform_admin:
        return Q(kind=OrgKind.ENTERPRISE)
    if actor.role == Role.AUTHORITY_OFFICER:
        return Q(kind=OrgKind.ENTERPRISE, region_id__in=actor.region_ids)
    if actor.role == Role.SCHOOL_ADMIN:
        return Q(kind=OrgKind.ENTERPRISE, region_id__in=_school_region_ids(actor))
    return Q(pk__in=[])


def organization_list(
    *,
    actor: Actor,
    kind: str | None = None,
    region_id: int | None = None,
    vetting_status: str | None = None,
    search: str | None = None,
    archived: bool | None = False,
) -> QuerySet[Organization]:
    actor = as_actor(actor)
    qs = active(Organization.objects.select_related("region"), archived)
    if kind:
        qs = qs.filter(kind=kind)
    if region_id:
        qs = qs.filter(region_id__in=region_with_descendants(int(region_id)))
    if vetting_status:
        qs = qs.filter(kind=OrgKind.ENTERPRISE, vetting_status=vetting_status)
    if search:
        term = search.strip()
        qs = qs.filter(
            Q(name__icontains=term)
            | Q(short_name__icontains=term)
            | Q(name_en__icontains=term)
            | Q(credit_code=term.upper())
        )
    return visible(actor, qs)


def organization_get(*, actor: Actor, pk) -> Organization:
    return access_object(as_actor(actor), Organization.objects.select_related("region"), pk)


def vetting_queue(*, actor: Actor, status: str | None = VettingStatus.PENDING) -> QuerySet[Organization]:
    actor = as_actor(actor)
    qs = Organization.objects.filter(reviewer_q(actor)).select_related("region")
    if status:
        qs = qs.filter(vetting_status=status)
    return qs.order_by("created_at", "id")


def vetting_review_list(*, actor: Actor) -> QuerySet[VettingReview]:
    """Vetting decisions: the enterprise's own, and those its reviewers may see."""
    return visible(actor, VettingReview.objects.select_related("enterprise"))


def vetting_history(*, actor: Actor, enterprise: Organization) -> QuerySet[VettingReview]:
    return enterprise.vetting_reviews.select_related("reviewer", "reviewer_organization")


def enterprise_duplicates(
    *, name: str, credit_code: str = "", exclude_pk: int | None = None, threshold: float = SIMILARITY_THRESHOLD
) -> list[dict]:
    """Possible duplicates of an enterprise: same credit code, or a near-identical normalised name.

    Candidates are narrowed in SQL by a shared 2-character prefix of the normalised name before rapidfuzz
    ranks them, so this stays fast with tens of thousands of enterprises.
    """
    found: dict[int, dict] = {}
    qs = Organization.objects.filter(kind=OrgKind.ENTERPRISE)
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    if credit_code:
        for org in qs.filter(credit_code=credit_code.upper()):
            found[org.pk] = {"organization": org, "reason": "credit_code", "score": 100.0}
    norm = normalize_name(name)
    if norm:
        prefix = norm[:2]
        candidates = qs.filter(Q(normalized_name__startswith=prefix) | Q(normalized_name__contains=norm[-4:]))
        pairs = list(candidates.values_list("pk", "normalized_name")[:5000])
        ranked = similar_names(name, pairs, threshold=threshold)
        orgs = Organization.objects.in_bulk([pk for pk, _n, _s in ranked])
        for pk, _norm, score in ranked:
            if pk not in found:
                found[pk] = {"organization": orgs[pk], "reason": "name", "score": round(score, 1)}
    return sorted(found.values(), key=lambda item: -item["score"])


def membership_list(
    *,
    actor: Actor,
    organization_id: int | None = None,
    role: str | None = None,
    search: str | None = None,
    active: bool | None = True,
) -> QuerySet[Membership]:
    qs = Membership.objects.select_related("user", "organization")
    if organization_id:
        qs = qs.filter(organization_id=organization_id)
    if role:
        qs = qs.filter(role=role)
    if active is not None:
        qs = qs.filter(is_active=active)
    if search:
        qs = qs.filter(Q(user__username__icontains=search) | Q(user__display_name__icontains=search))
    return visible(as_actor(actor), qs).order_by("organization__name", "user__username", "role")


def membership_get(*, actor: Actor, pk) -> Membership:
    return access_object(as_actor(actor), Membership.objects.select_related("user", "organization"), pk)


def user_find_for_grant(*, username: str) -> User | None:
    return User.objects.filter(username__iexact=(username or "").strip()).first()


def region_choices() -> QuerySet[Region]:
    return Region.objects.all()


def organization_counts(*, actor: Actor) -> dict:
    actor = as_actor(actor)
    rows = visible(actor, Organization.objects.all()).values("kind").annotate(n=Count("id"))
    return {row["kind"]: row["n"] for row in rows}


def invitations_for(*, actor: Actor):
    """The roles this person has been invited to and not answered yet."""
    from .models import InvitationStatus, MembershipInvitation

    return MembershipInvitation.objects.filter(
        user=as_actor(actor).user, status=InvitationStatus.PENDING
    ).select_related("organization")


def contact_phone_reader(*, actor: Actor):
    """A function org -> its contact phone as this actor may see it (issue 8 item 12): in clear for its own staff,
    the staff of a partner with a signed or active agreement, its reviewers and the platform admin; masked for
    everyone else. The actor's partners are read once, so a list costs one query, not one per row."""
    from workbridge.core.masking import mask_phone
    from workbridge.partnerships.models import Agreement

    from .permissions import may_review

    actor = as_actor(actor)
    partners: set[int] = set()
    if actor.organization_id:
        partners = Agreement.objects.live().partner_ids_of(actor.organization_id) | {actor.organization_id}

    def read(organization: Organization) -> str:
        phone = organization.contact_phone or ""
        if not phone or actor.is_platform_admin or actor.organization_id == organization.pk:
            return phone
        if organization.pk in partners or may_review(actor, organization):
            return phone
        return mask_phone(phone)

    return read


def contact_phone_for(*, actor: Actor, organization: Organization) -> str:
    return contact_phone_reader(actor=actor)(organization)


def organizations_reachable(actor: Actor) -> QuerySet[Organization]:
    return visible(as_actor(actor), Organization.objects.all())


def organization_archive_blockers(org: Organization) -> list[str]:
    from django.utils.translation import gettext as _

    from workbridge.partnerships.models import Agreement
    from workbridge.placements.models import LIVE_PLACEMENT_STATUSES, Placement

    if Agreement.objects.filter(Q(school=org) | Q(enterprise=org)).live().exists():
        return [_("It still has agreements in force.")]
    if Placement.objects.filter(Q(school=org) | Q(enterprise=org), status__in=LIVE_PLACEMENT_STATUSES).exists():
        return [_("Internships with it are planned or running.")]
    return []
