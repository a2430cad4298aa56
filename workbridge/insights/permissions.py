"""Who may read the regional view and the annual report (named predicates, see core.permissions)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from workbridge.core.access import Actor
from workbridge.core.exceptions import PermissionDenied
from workbridge.core.roles import Role

VIEWERS = (Role.PLATFORM_ADMIN, Role.AUTHORITY_OFFICER, Role.GROUP_OFFICER, Role.SCHOOL_ADMIN)


def sees_regional_view(actor: Actor) -> bool:
    return actor.is_platform_admin or actor.role in VIEWERS


def require_regional_view(actor: Actor) -> Actor:
    if not sees_regional_view(actor):
        raise PermissionDenied(_("The regional view is for the education authority, groups and school leaders."))
    return actor


def may_report_region(actor: Actor) -> bool:
    """The whole region's annual report is the authority's; a school leader reports on the school."""
    return actor.is_platform_admin or actor.role == Role.AUTHORITY_OFFICER


def reports_own_school(actor: Actor) -> bool:
    return actor.role == Role.SCHOOL_ADMIN
