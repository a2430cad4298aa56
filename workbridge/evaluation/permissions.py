"""Who may do what with depth scores, integration-enterprise readiness and evaluators (named predicates, see
core.permissions)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from workbridge.core.access import Actor, require_role
from workbridge.core.exceptions import PermissionDenied
from workbridge.core.roles import ENTERPRISE_ROLES, Role

# The authority (and the platform) weighs the index, recomputes scores, verifies statements and certifies.
EVALUATION_ADMINS = (Role.PLATFORM_ADMIN, Role.AUTHORITY_OFFICER)
EVALUATORS = (Role.ASSOCIATION_OFFICER, Role.GROUP_OFFICER)


def is_evaluation_admin(actor: Actor) -> bool:
    return actor.is_platform_admin or actor.role in EVALUATION_ADMINS


def require_evaluation_admin(actor: Actor) -> Actor:
    return require_role(actor, EVALUATION_ADMINS)


def is_enterprise_side(actor: Actor) -> bool:
    return actor.role in ENTERPRISE_ROLES


def require_readiness_list(actor: Actor) -> None:
    if not (is_evaluation_admin(actor) or actor.role == Role.ASSOCIATION_OFFICER):
        raise PermissionDenied(_("Readiness checks are shown to enterprises, their associations and the authority."))


def owns_enterprise(actor: Actor, enterprise) -> bool:
    """The enterprise's admin writes its statements and declarations."""
    return actor.role == Role.ENTERPRISE_ADMIN and actor.organization_id == enterprise.pk


def is_evaluator(actor: Actor) -> bool:
    return actor.role in EVALUATORS


def require_evaluator(actor: Actor) -> Actor:
    return require_role(actor, EVALUATORS)
