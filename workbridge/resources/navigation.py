from django.utils.translation import gettext_lazy as _

from workbridge.core.registry import NavItem
from workbridge.core.roles import Role


def items(actor) -> list[NavItem]:
    if actor.role in (None, Role.STUDENT):
        return []
    return [NavItem(_("Shared resources"), "/resources/", order=50)]
