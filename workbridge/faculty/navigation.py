from django.utils.translation import gettext_lazy as _

from workbridge.core.registry import NavItem
from workbridge.core.roles import ENTERPRISE_ROLES, Role


def items(actor) -> list[NavItem]:
    if actor.role == Role.TEACHER:
        return [NavItem(_("My practice"), "/faculty/me/", order=40)]
    if actor.role in ENTERPRISE_ROLES:
        return [NavItem(_("Teacher practice"), "/faculty/confirmations/", order=40)]
    if actor.role in (Role.SCHOOL_ADMIN, Role.AUTHORITY_OFFICER, Role.GROUP_OFFICER) or actor.is_platform_admin:
        return [NavItem(_("Dual-qualified teachers"), "/faculty/", order=40)]
    return []
