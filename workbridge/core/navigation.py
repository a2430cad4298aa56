from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .importing import importers_for
from .registry import NavItem
from .roles import Role


def items(actor) -> list[NavItem]:
    found = []
    if importers_for(actor):
        found.append(NavItem(_("Import"), reverse("import-index"), order=80))
    if actor.is_platform_admin or actor.role in (Role.SCHOOL_ADMIN, Role.ENTERPRISE_ADMIN, Role.AUTHORITY_OFFICER):
        found.append(NavItem(_("Audit log"), reverse("audit-log"), order=95))
    if actor.is_platform_admin:
        found.append(NavItem(_("Django admin"), reverse("admin:index"), order=99))
    return found
