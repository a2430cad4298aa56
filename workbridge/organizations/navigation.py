from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from workbridge.core.registry import NavItem
from workbridge.core.roles import Role


def items(actor) -> list[NavItem]:
    from .models import MembershipInvitation

    invited = MembershipInvitation.objects.filter(user=actor.user, status="pending").exists()
    invitation_item = [NavItem(_("Invitations"), reverse("organizations:invitations"), order=9)] if invited else []
    if actor.role is None and not actor.is_platform_admin:
        return invitation_item
    found = [NavItem(_("Organisations"), reverse("organizations:list"), order=10)]
    if actor.is_platform_admin or actor.role in (Role.AUTHORITY_OFFICER, Role.SCHOOL_ADMIN):
        found.append(NavItem(_("Vetting"), reverse("organizations:vetting-queue"), order=11))
    if actor.role in (Role.SCHOOL_ADMIN, Role.ENTERPRISE_ADMIN, Role.AUTHORITY_OFFICER) and actor.organization_id:
        found.append(NavItem(_("People and roles"), reverse("organizations:people"), order=90))
    if actor.role == Role.ENTERPRISE_ADMIN or actor.role == Role.ENTERPRISE_MENTOR:
        found[0] = NavItem(
            _("Our profile"), reverse("organizations:detail", kwargs={"org_id": actor.organization_id}), order=10
        )
        found.append(NavItem(_("Schools"), reverse("organizations:list") + "?kind=school", order=12))
    return invitation_item + found
