from django.utils.translation import gettext_lazy as _

from workbridge.core.registry import NavItem
from workbridge.core.roles import ENTERPRISE_ROLES, Role


def items(actor) -> list[NavItem]:
    if actor.role is None:
        return []
    if actor.role == Role.STUDENT:
        return [NavItem(_("My certificates"), "/certificates/mine/", order=70)]
    if actor.role in ENTERPRISE_ROLES:
        return [NavItem(_("1+X catalogue"), "/certificates/", order=70)]
    return [
        NavItem(
            _("1+X certificates"),
            "/certificates/registrations/" if actor.role != Role.ASSOCIATION_OFFICER else "/certificates/",
            order=70,
        )
    ]
