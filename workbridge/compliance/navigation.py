"""Menu entries of the compliance app."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from workbridge.core.registry import NavItem
from workbridge.core.roles import Role

INBOX_ROLES = {
    Role.AUTHORITY_OFFICER,
    Role.GROUP_OFFICER,
    Role.ASSOCIATION_OFFICER,
    Role.SCHOOL_ADMIN,
    Role.TEACHER,
    Role.ENTERPRISE_ADMIN,
    Role.ENTERPRISE_MENTOR,
}


def items(actor) -> list[NavItem]:
    if actor.is_platform_admin or actor.role in INBOX_ROLES:
        return [
            NavItem(_("Rule violations"), reverse("compliance:inbox"), order=60),
            NavItem(_("Regulation rules"), reverse("compliance:rules"), order=61),
        ]
    if actor.role == Role.STUDENT:
        return [NavItem(_("Regulation rules"), reverse("compliance:rules"), order=61)]
    return []
