"""Menu entries of the partnerships app per role."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from workbridge.core.registry import NavItem
from workbridge.core.roles import Role

PARTNER_ROLES = {
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
    if actor.is_platform_admin or actor.role in PARTNER_ROLES:
        return [
            NavItem(_("Partnerships"), reverse("partnerships:index"), order=30),
            NavItem(_("Agreements"), reverse("partnerships:agreement-list"), order=31),
            NavItem(_("Projects"), reverse("partnerships:project-list"), order=32),
        ]
    if actor.role == Role.STUDENT:
        return [NavItem(_("My projects"), reverse("partnerships:project-list"), order=32)]
    return []
