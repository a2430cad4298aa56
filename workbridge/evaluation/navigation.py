from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from workbridge.core.registry import NavItem
from workbridge.core.roles import Role

SEES_EVALUATION = {
    Role.PLATFORM_ADMIN,
    Role.AUTHORITY_OFFICER,
    Role.GROUP_OFFICER,
    Role.ASSOCIATION_OFFICER,
    Role.SCHOOL_ADMIN,
    Role.TEACHER,
    Role.ENTERPRISE_ADMIN,
    Role.ENTERPRISE_MENTOR,
}


def items(actor) -> list[NavItem]:
    if not (actor.is_platform_admin or actor.role in SEES_EVALUATION):
        return []
    out = [NavItem(label=_("Cooperation depth"), url=reverse("evaluation:scores"), order=700)]
    if actor.is_platform_admin or actor.role in (
        Role.AUTHORITY_OFFICER,
        Role.ENTERPRISE_ADMIN,
        Role.ASSOCIATION_OFFICER,
    ):
        out.append(NavItem(label=_("Integration enterprise"), url=reverse("evaluation:integration"), order=710))
    return out
