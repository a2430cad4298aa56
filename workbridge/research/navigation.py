from django.utils.translation import gettext_lazy as _

from workbridge.core.registry import NavItem
from workbridge.core.roles import Role


def items(actor) -> list[NavItem]:
    if actor.role in (None, Role.STUDENT, Role.GROUP_OFFICER):
        return []
    return [NavItem(_("R&D services"), "/research/", order=60)]
