"""Who sees which technical problem (registered as a custom scope in ResearchConfig.ready).

- the posting enterprise: its own problems, in every status;
- schools (admins and teachers): open problems of enterprises in their own region or of their cooperation
  partners, and any problem they have sent a proposal for;
- authority officer: problems of enterprises in the region; association officer: of member enterprises.
"""

from __future__ import annotations

from django.db.models import Q

from workbridge.core.roles import ENTERPRISE_ROLES, SCHOOL_ROLES, Role

NOTHING = Q(pk__in=[])


def problem_scope_q(actor) -> Q:
    from workbridge.organizations.models import Organization
    from workbridge.partnerships.models import Agreement

    from .models import Proposal

    role = actor.role
    if role in ENTERPRISE_ROLES:
        return Q(enterprise_id=actor.organization_id)
    if role in SCHOOL_ROLES:
        region = Organization.objects.filter(pk=actor.organization_id).values("region_id")
        reachable = Q(enterprise__region_id__in=region) | Q(
            enterprise_id__in=Agreement.objects.live().partner_ids_of(actor.organization_id)
        )
        proposed = Proposal.objects.filter(school_id=actor.organization_id).values("problem_id")
        return (Q(status="open") & reachable) | Q(pk__in=proposed)
    if role == Role.AUTHORITY_OFFICER:
        return Q(enterprise__region_id__in=actor.region_ids)
    if role == Role.ASSOCIATION_OFFICER:
        return Q(enterprise_id__in=actor.member_ids)
    return NOTHING
