"""Who may do what with technical problems, proposals and R&D projects (named predicates, see core.permissions)."""

from __future__ import annotations

from workbridge.core.access import Actor
from workbridge.core.permissions import permission
from workbridge.core.roles import ENTERPRISE_ROLES, SCHOOL_ROLES, Role


def may_post_problems(actor: Actor) -> bool:
    return actor.role in ENTERPRISE_ROLES


def may_propose(actor: Actor) -> bool:
    """School staff answer a problem with a team and an approach."""
    return actor.role in SCHOOL_ROLES


def may_accept_proposals(actor: Actor, problem) -> bool:
    return actor.role == Role.ENTERPRISE_ADMIN and problem.enterprise_id == actor.organization_id


def is_project_party(actor: Actor, project) -> bool:
    return actor.is_platform_admin or actor.organization_id in (project.school_id, project.enterprise_id)


def may_add_students(actor: Actor, project) -> bool:
    return is_project_party(actor, project) and actor.role in SCHOOL_ROLES


@permission("research.complete_project")
def may_complete_project(actor: Actor, project) -> bool:
    return actor.role == Role.ENTERPRISE_ADMIN and project.enterprise_id == actor.organization_id
