from django.utils.translation import gettext_lazy as _

from workbridge.core.registry import NavItem


def items(actor) -> list[NavItem]:
    if actor.is_platform_admin or actor.role:
        return [NavItem(_("Teaching resources"), "/teaching-resources/", order=45)]
    return []
