"""The licence of a shared teaching resource as a visibility rule (registered as the model's scope in apps.py).

- internal: the contributing organisation and the co-contributors;
- partners: also the organisations with a live agreement (signed or active, not past its end) with one of them;
- group: also the members of the vocational education groups / industry associations (organizations.Affiliation)
  one of them belongs to, and those bodies' officers;
- public: every signed-in user with a role.
An education authority sees the public resources (plus what its own organisation contributed); the platform admin
sees all. The depth index counts resources whatever their licence (evaluation.indicators).
"""

from __future__ import annotations

from django.db.models import Q

from workbridge.core.access import Actor


def _contributed_by(org_ids) -> Q:
    from .models import TeachingResource

    through = TeachingResource.co_contributors.through
    return Q(contributor_id__in=org_ids) | Q(
        pk__in=through.objects.filter(organization_id__in=org_ids).values("teachingresource_id")
    )


def partner_ids(organization_id: int) -> set[int]:
    from workbridge.partnerships.models import Agreement

    return Agreement.objects.live().partner_ids_of(organization_id)


def group_member_ids(organization_id: int) -> set[int]:
    """The organisations sharing an education group or an association with this one (itself included), or, for
    the group / association itself, its members."""
    from workbridge.organizations.models import Affiliation

    bodies = set(Affiliation.objects.filter(member_id=organization_id).values_list("body_id", flat=True))
    members = set(Affiliation.objects.filter(body_id__in=bodies).values_list("member_id", flat=True))
    members |= set(Affiliation.objects.filter(body_id=organization_id).values_list("member_id", flat=True))
    return members


def licence_q(actor: Actor) -> Q:
    from .models import Licence

    if actor.role is None:
        return Q(pk__in=[])
    q = Q(licence=Licence.PUBLIC)
    org = actor.organization_id
    if not org:
        return q
    q |= _contributed_by([org])
    partners = partner_ids(org)
    if partners:
        q |= Q(licence=Licence.PARTNERS) & _contributed_by(partners)
    group = group_member_ids(org) - {org}
    if group:
        q |= Q(licence=Licence.GROUP) & _contributed_by(group)
    return q
