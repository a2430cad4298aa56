"""Matrix registrations for organisation routes."""

from django.db.models import Q

from workbridge.core.matrix import (
    register_kwarg,
    register_private_rows,
    register_public_model,
    register_route,
    register_sample,
)
from workbridge.core.roles import OrgKind, Role
from workbridge.organizations.models import Membership, Organization, Region, VettingReview, VettingStatus
from workbridge.organizations.tests.factories import EnterpriseFactory


def _pending(world, side):
    org = EnterpriseFactory(
        name=f"机密待审企业{'甲' if side == 1 else '乙'}",
        region=getattr(world, f"region{side}"),
        vetting_status=VettingStatus.PENDING,
    )
    VettingReview.objects.create(enterprise=org, from_status="pending", to_status="pending", reason="matrix")
    return org


def _membership(world, side):
    users = world.users if side == 1 else world.other
    return Membership.objects.get(user=users[Role.SCHOOL_ADMIN], role=Role.SCHOOL_ADMIN)


def _review(world, side):
    return VettingReview.objects.filter(
        enterprise__region=getattr(world, f"region{side}")
    ).first() or VettingReview.objects.create(
        enterprise=getattr(world, f"enterprise{side}"), from_status="pending", to_status="approved", reason="matrix"
    )


register_sample("pending_enterprise", model=Organization, make=_pending, marker=lambda o: o.name)
register_sample("membership", model=Membership, make=_membership)
register_sample("vetting_review", model=VettingReview, make=_review)
register_kwarg("org_id", "pending_enterprise")
register_kwarg("membership_id", "membership")
register_kwarg("school_id", "school")
register_kwarg("enterprise_id", "enterprise")
register_sample("school", model=None, make=lambda w, side: getattr(w, f"school{side}"))
register_sample("enterprise", model=None, make=lambda w, side: getattr(w, f"enterprise{side}"))
register_public_model(Region)
register_sample("region", model=Region, make=lambda w, side: getattr(w, f"region{side}"))

# Schools and approved enterprises form a public directory; pending/rejected/suspended ones are private.
register_private_rows(
    Organization,
    lambda w: (
        Q(region=w.region2)
        & ~Q(kind=OrgKind.SCHOOL)
        & ~Q(kind=OrgKind.ENTERPRISE, vetting_status=VettingStatus.APPROVED)
    ),
)
register_private_rows(Membership, lambda w: Q(organization__region=w.region2))
register_private_rows(VettingReview, lambda w: Q(enterprise__region=w.region2))

register_route("organizations:register", public=True)
register_route("enterprise-registration", public=True)
register_route("region-detail", cross_region=True)

# Invitations belong to the invited person alone: each side's teacher is invited to its own school as an admin.
from workbridge.organizations.models import MembershipInvitation  # noqa: E402

register_sample(
    "invitation",
    model=MembershipInvitation,
    make=lambda w, side: MembershipInvitation.objects.create(
        user=(w.users if side == 1 else w.other)[Role.TEACHER],
        organization=getattr(w, f"school{side}"),
        role=Role.SCHOOL_ADMIN,
    ),
)
