"""Who may do what with talent-demand data (named predicates, see core.permissions). Market statistics are open
to every signed-in user; majors, warnings and destinations are for schools and their overseers; enterprises see
how their posts are supplied."""

from __future__ import annotations

from workbridge.core.access import Actor, require_role
from workbridge.core.exceptions import PermissionDenied
from workbridge.core.permissions import permission
from workbridge.core.roles import ENTERPRISE_ROLES, SCHOOL_ROLES, Role

# Who may upload posting files (the ingest page and API).
INGEST_ROLES = (
    Role.PLATFORM_ADMIN,
    Role.AUTHORITY_OFFICER,
    Role.SCHOOL_ADMIN,
    Role.ENTERPRISE_ADMIN,
    Role.ASSOCIATION_OFFICER,
)
WARNING_RECOMPUTERS = (Role.SCHOOL_ADMIN, Role.AUTHORITY_OFFICER, Role.PLATFORM_ADMIN)
RULE_EDITORS = (Role.PLATFORM_ADMIN, Role.AUTHORITY_OFFICER)
SCHOOL_STAFF = (Role.SCHOOL_ADMIN, Role.TEACHER)  # who edits a school's surveys, targets, tags and programmes


def is_enterprise_side(actor: Actor) -> bool:
    return actor.role in ENTERPRISE_ROLES


@permission("labour_market.see_school_views")
def sees_school_views(actor: Actor) -> bool:
    """Majors, warnings and destinations: schools, authorities, groups, associations and the platform."""
    return not is_enterprise_side(actor) and actor.role != Role.STUDENT


@permission("labour_market.see_supply")
def sees_supply(actor: Actor) -> bool:
    return is_enterprise_side(actor) or actor.is_platform_admin


def sees_regional_heading(actor: Actor) -> bool:
    """An authority reads the demand page as its region's."""
    return actor.role == Role.AUTHORITY_OFFICER


def may_ingest(actor: Actor) -> bool:
    return actor.is_platform_admin or actor.role in INGEST_ROLES


def require_ingest(actor: Actor) -> Actor:
    from django.utils.translation import gettext as _

    return require_role(actor, INGEST_ROLES, _("Your role may not import postings."))


def may_edit_major(actor: Actor, major) -> bool:
    return actor.is_platform_admin or (actor.organization_id == major.school_id and actor.role in SCHOOL_ROLES)


def require_warnings(actor: Actor) -> None:
    from django.utils.translation import gettext as _

    if not sees_school_views(actor):
        raise PermissionDenied(_("Warnings are for schools and authorities."))


def require_warning_recompute(actor: Actor) -> Actor:
    return require_role(actor, WARNING_RECOMPUTERS)


def may_edit_warning_rules(actor: Actor) -> bool:
    return actor.is_platform_admin or actor.role == Role.AUTHORITY_OFFICER


def require_warning_rules(actor: Actor) -> Actor:
    from django.utils.translation import gettext as _

    return require_role(actor, RULE_EDITORS, _("Only authorities adjust the warning rules."))


def require_supply(actor: Actor) -> None:
    from django.utils.translation import gettext as _

    if not sees_supply(actor):
        raise PermissionDenied(_("This page is for enterprises."))


def may_create_surveys(actor: Actor) -> bool:
    return actor.role in SCHOOL_ROLES


def answers_surveys(actor: Actor) -> bool:
    """Enterprises answer a survey; schools write and read them."""
    return is_enterprise_side(actor)


def may_publish_as_association(actor: Actor) -> bool:
    return actor.role == Role.ASSOCIATION_OFFICER


def require_association(actor: Actor, message: str) -> Actor:
    return require_role(actor, [Role.ASSOCIATION_OFFICER], message)


def require_destinations(actor: Actor) -> None:
    from django.utils.translation import gettext as _

    if is_enterprise_side(actor):
        raise PermissionDenied(_("Destinations are for schools and authorities."))


def may_import_destinations(actor: Actor) -> bool:
    return actor.role == Role.SCHOOL_ADMIN


def require_destination_import(actor: Actor) -> Actor:
    from django.utils.translation import gettext as _

    return require_role(actor, [Role.SCHOOL_ADMIN], _("Only school admins import destinations."))


def may_start_programmes(actor: Actor) -> bool:
    return actor.role in SCHOOL_ROLES


def is_programme_staff(actor: Actor, programme) -> bool:
    return actor.is_platform_admin or (actor.organization_id == programme.school_id and actor.role in SCHOOL_ROLES)
