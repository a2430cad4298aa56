"""Who may resolve a rule violation (named predicates, see core.permissions); the service asks the same."""

from __future__ import annotations

from workbridge.core.access import Actor
from workbridge.core.roles import ENTERPRISE_ROLES, SCHOOL_ROLES, Role

from .models import Violation


def may_resolve(actor: Actor, violation: Violation) -> bool:
    if actor.is_platform_admin:
        return True
    if actor.role == Role.AUTHORITY_OFFICER:
        region = violation.school.region_id if violation.school_id else violation.enterprise.region_id
        return region in actor.region_ids
    if actor.role in SCHOOL_ROLES:
        return violation.school_id is not None and actor.organization_id == violation.school_id
    if actor.role in ENTERPRISE_ROLES:
        # The host may resolve what concerns only itself (e.g. a position found before any school saw it);
        # a violation tied to a school is resolved by the school, which answers for the internship.
        return violation.school_id is None and actor.organization_id == violation.enterprise_id
    return False
