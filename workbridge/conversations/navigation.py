from django.utils.translation import gettext_lazy as _

from workbridge.core.registry import NavItem
from workbridge.core.roles import ENTERPRISE_ROLES, SCHOOL_ROLES, Role


def items(actor) -> list[NavItem]:
    if actor.role in SCHOOL_ROLES or actor.role in ENTERPRISE_ROLES or actor.role == Role.STUDENT:
        return [NavItem(_("Conversations"), "/conversations/", order=5)]
    return []
