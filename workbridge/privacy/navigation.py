from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from workbridge.core.registry import NavItem
from workbridge.core.roles import Role


def items(actor) -> list[NavItem]:
    if actor.role is None:
        return []
    found = [NavItem(_("My personal data"), reverse("privacy:mine"), order=93)]
    if actor.is_platform_admin or actor.role == Role.SCHOOL_ADMIN:
        found.append(NavItem(_("Personal-data requests"), reverse("privacy:people"), order=94))
    return found
