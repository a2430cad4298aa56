"""Who may do what with shared teaching resources (named predicates, see core.permissions)."""

from __future__ import annotations

from workbridge.core.access import Actor
from workbridge.core.permissions import permission
from workbridge.core.roles import Role

CONTRIBUTORS = (Role.SCHOOL_ADMIN, Role.TEACHER, Role.ENTERPRISE_ADMIN, Role.ENTERPRISE_MENTOR)


@permission("teaching_resources.contribute")
def may_contribute(actor: Actor) -> bool:
    """A school's admin and teachers, an enterprise's admin and mentors add resources for their organisation."""
    return actor.role in CONTRIBUTORS and bool(actor.organization_id)


def may_manage_resource(actor: Actor, resource) -> bool:
    """The contributing organisation's and the co-contributors' staff upload new versions and change the licence."""
    if not may_contribute(actor):
        return False
    if resource.contributor_id == actor.organization_id:
        return True
    return resource.co_contributors.filter(pk=actor.organization_id).exists()


def may_see_usage(actor: Actor, resource) -> bool:
    """Usage by organisation is shown to the contributors' staff and the platform admin."""
    return actor.is_platform_admin or may_manage_resource(actor, resource)
