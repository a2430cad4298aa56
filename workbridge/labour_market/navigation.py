from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from workbridge.core.registry import NavItem
from workbridge.core.roles import ENTERPRISE_ROLES, SCHOOL_ROLES, Role


def items(actor) -> list[NavItem]:
    if actor is None or actor.role is None:
        return []
    out = [NavItem(_("Labour market"), reverse("labour_market:overview"), order=60)]
    if (
        actor.role in SCHOOL_ROLES
        or actor.role in (Role.AUTHORITY_OFFICER, Role.GROUP_OFFICER)
        or actor.is_platform_admin
    ):
        out.append(NavItem(_("Majors & curriculum"), reverse("labour_market:majors"), order=61))
        out.append(NavItem(_("Major warnings"), reverse("labour_market:warnings"), order=62))
    if actor.role in ENTERPRISE_ROLES:
        out.append(NavItem(_("Our posts & supply"), reverse("labour_market:supply"), order=61))
    if actor.role == Role.ASSOCIATION_OFFICER:
        out.append(NavItem(_("Skill standards"), reverse("labour_market:association"), order=61))
    return out
