"""Visibility of positions and matching rounds (registered with core.access in apps.py).

Positions: the enterprise sees its own; schools of the enterprise's region see submitted and reviewed
positions (they review them); a student sees only positions approved by their own school (or offered in a
matching round their school takes part in), and an order-class position whose places are all reserved only
when they take part in its project. Authorities see positions of enterprises in their region; groups see
positions reviewed by member schools. Multi-valued relations go through subqueries so rows never repeat.
"""

from __future__ import annotations

from django.db.models import F, Q

from workbridge.core.roles import ENTERPRISE_ROLES, SCHOOL_ROLES, Role

NOTHING = Q(pk__in=[])


def _round_position_ids(**filters):
    from .models import MatchingRound

    return MatchingRound.positions.through.objects.filter(**filters).values("position_id")


def _round_ids_for_school(school_id):
    from .models import MatchingRound

    through = MatchingRound.participating_schools.through
    return through.objects.filter(organization_id=school_id).values("matchinground_id")


def _student_school(student_id):
    from workbridge.academics.models import Student

    return Student.objects.filter(pk=student_id).values_list("school_id", flat=True).first()


def position_scope_q(actor) -> Q:
    role = actor.role
    if role in ENTERPRISE_ROLES:
        return Q(enterprise_id=actor.organization_id)
    if role in SCHOOL_ROLES:
        from workbridge.organizations.models import Organization

        region = Organization.objects.filter(pk=actor.organization_id).values("region_id")
        in_rounds = Q(pk__in=_round_position_ids(matchinground__school_id=actor.organization_id)) | Q(
            pk__in=_round_position_ids(matchinground_id__in=_round_ids_for_school(actor.organization_id))
        )
        return (
            Q(reviewed_by_school_id=actor.organization_id)
            | (Q(enterprise__region_id__in=region) & ~Q(status="draft"))
            | in_rounds
        )
    if role == Role.STUDENT:
        if not actor.student_id:
            return NOTHING
        from workbridge.partnerships.models import ProjectParticipant

        from .models import Placement

        school_id = _student_school(actor.student_id)
        in_rounds = Q(pk__in=_round_position_ids(matchinground__school_id=school_id)) | Q(
            pk__in=_round_position_ids(matchinground_id__in=_round_ids_for_school(school_id))
        )
        reviewed = Q(status="approved") & (Q(reviewed_by_school_id=school_id) | in_rounds)
        closed_order = Q(project__project_type="order_class", reserved_places=F("places"))
        in_project = Q(
            project_id__in=ProjectParticipant.objects.filter(student_id=actor.student_id).values("project_id")
        )
        own = Q(pk__in=Placement.objects.filter(student_id=actor.student_id).values("position_id"))
        return (reviewed & (~closed_order | in_project)) | own
    if role == Role.AUTHORITY_OFFICER:
        return Q(enterprise__region_id__in=actor.region_ids)
    if role == Role.GROUP_OFFICER:
        return Q(reviewed_by_school_id__in=actor.member_ids) | Q(
            pk__in=_round_position_ids(matchinground__group_id=actor.organization_id)
        )
    if role == Role.ASSOCIATION_OFFICER:
        return Q(enterprise_id__in=actor.member_ids)
    return NOTHING


def matching_round_scope_q(actor) -> Q:
    from .models import MatchingRound

    role = actor.role
    if role in SCHOOL_ROLES:
        return Q(school_id=actor.organization_id) | Q(pk__in=_round_ids_for_school(actor.organization_id))
    if role == Role.GROUP_OFFICER:
        return Q(group_id=actor.organization_id) | Q(school_id__in=actor.member_ids)
    if role == Role.STUDENT and actor.student_id:
        school_id = _student_school(actor.student_id)
        return Q(school_id=school_id) | Q(pk__in=_round_ids_for_school(school_id))
    if role in ENTERPRISE_ROLES:
        through = MatchingRound.positions.through
        return Q(
            pk__in=through.objects.filter(position__enterprise_id=actor.organization_id).values("matchinground_id")
        )
    if role == Role.AUTHORITY_OFFICER:
        return Q(school__region_id__in=actor.region_ids)
    return NOTHING
