"""Placements as the actor may see them, one placement as every view of it sees it, and mentor loads and
choices (the pickers show load and cap, the same rule the service enforces)."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from workbridge.core.access import Actor, access_object, as_actor, visible
from workbridge.core.roles import ENTERPRISE_ROLES, Role

from .. import models as m
from .common import school_settings


def placement_list(*, actor: Actor, status: str | None = None) -> QuerySet:
    actor = as_actor(actor)
    qs = visible(
        actor,
        m.Placement.objects.select_related(
            "student__major", "position", "enterprise", "school", "school_mentor", "enterprise_mentor"
        ),
    )
    if actor.role == Role.ENTERPRISE_MENTOR:
        qs = qs.filter(enterprise_mentor_id=actor.user_id)
    if status:
        qs = qs.filter(status=status)
    return qs


def placement_get(*, actor: Actor, pk: int) -> m.Placement:
    """One placement as every view of it (page, agreement PDF, QR code, actions, API) sees it: the same rows as
    ``placement_list`` (an enterprise mentor only the placements they mentor), 404 otherwise."""
    return access_object(as_actor(actor), placement_list(actor=actor), pk)


def mentor_choices(*, actor: Actor, placement: m.Placement) -> list[dict]:
    """The mentors the actor may assign to a placement, each with its current load and cap (the picker shows
    them and disables those at the cap, the same rule the service enforces)."""
    actor = as_actor(actor)
    cfg = school_settings(placement.school_id)
    live = m.Placement.objects.live()
    if actor.role == Role.SCHOOL_ADMIN:
        from workbridge.academics.models import Teacher

        loads = dict(
            live.filter(school_id=placement.school_id)
            .exclude(school_mentor=None)
            .values_list("school_mentor_id")
            .annotate(n=Count("id"))
        )
        cap = cfg.max_students_per_school_mentor
        return [
            {
                "id": t.pk,
                "name": t.name,
                "load": loads.get(t.pk, 0),
                "cap": cap,
                "full": loads.get(t.pk, 0) >= cap and placement.school_mentor_id != t.pk,
            }
            for t in Teacher.objects.filter(school_id=placement.school_id).order_by("name")
        ]
    if actor.role == Role.ENTERPRISE_ADMIN:
        from workbridge.organizations.models import Membership

        loads = dict(live.exclude(enterprise_mentor=None).values_list("enterprise_mentor_id").annotate(n=Count("id")))
        cap = cfg.max_students_per_enterprise_mentor
        members = (
            Membership.objects.filter(
                organization_id=placement.enterprise_id, role__in=list(ENTERPRISE_ROLES), is_active=True
            )
            .select_related("user")
            .order_by("user__display_name", "user__username")
        )
        return [
            {
                "id": ms.user_id,
                "name": ms.user.display_name or ms.user.username,
                "load": loads.get(ms.user_id, 0),
                "cap": cap,
                "full": loads.get(ms.user_id, 0) >= cap and placement.enterprise_mentor_id != ms.user_id,
            }
            for ms in members
        ]
    return []


def mentor_loads_for_batch(*, actor: Actor) -> list[dict]:
    """The mentors of the actor's organisation with load and cap, for assigning several placements at once."""
    actor = as_actor(actor)
    live = m.Placement.objects.live()
    if actor.role == Role.SCHOOL_ADMIN:
        from workbridge.academics.models import Teacher

        cap = school_settings(actor.organization_id).max_students_per_school_mentor
        loads = dict(live.exclude(school_mentor=None).values_list("school_mentor_id").annotate(n=Count("id")))
        return [
            {"id": t.pk, "name": t.name, "load": loads.get(t.pk, 0), "cap": cap, "full": loads.get(t.pk, 0) >= cap}
            for t in Teacher.objects.filter(school_id=actor.organization_id).order_by("name")
        ]
    if actor.role == Role.ENTERPRISE_ADMIN:
        from workbridge.organizations.models import Membership

        loads = dict(live.exclude(enterprise_mentor=None).values_list("enterprise_mentor_id").annotate(n=Count("id")))
        members = (
            Membership.objects.filter(
                organization_id=actor.organization_id, role__in=list(ENTERPRISE_ROLES), is_active=True
            )
            .select_related("user")
            .order_by("user__display_name", "user__username")
        )
        # the cap is the school's setting; a host works with several schools, so the default applies here and the
        # service checks each placement's own school
        cap = m.PlacementSettings._meta.get_field("max_students_per_enterprise_mentor").default
        return [
            {
                "id": ms.user_id,
                "name": ms.user.display_name or ms.user.username,
                "load": loads.get(ms.user_id, 0),
                "cap": cap,
                "full": loads.get(ms.user_id, 0) >= cap,
            }
            for ms in members
        ]
    return []


def past_placements(*, actor: Actor) -> QuerySet:
    """The student's ended internships (completed, ended early or cancelled), newest first: a finished
    internship, its reports and its grade stay in the student's history."""
    actor = as_actor(actor)
    if actor.role != Role.STUDENT or not actor.student_id:
        return m.Placement.objects.none()
    return (
        m.Placement.objects.filter(student_id=actor.student_id, status__in=["completed", "terminated"])
        .select_related("position", "enterprise")
        .order_by("-end_date", "-id")
    )


def current_placement(*, actor: Actor):
    """The student's live placement (active first), or None."""
    actor = as_actor(actor)
    if actor.role != Role.STUDENT or not actor.student_id:
        return None
    return (
        m.Placement.objects.filter(student_id=actor.student_id, status__in=["active", "planned"])
        .select_related("position", "enterprise", "school_mentor", "enterprise_mentor")
        .order_by("status")
        .first()
    )


def mentor_loads(*, actor: Actor) -> list[dict]:
    """Live placements per mentor in the actor's organisation, with the cap."""
    actor = as_actor(actor)
    live = visible(actor, m.Placement.objects.live())
    if actor.role in ENTERPRISE_ROLES:
        rows = (
            live.exclude(enterprise_mentor=None)
            .values("enterprise_mentor_id", "enterprise_mentor__display_name", "enterprise_mentor__username")
            .annotate(n=Count("id"))
        )
        cap = None
        result = []
        for r in rows:
            trained = m.MentorTraining.objects.filter(mentor_id=r["enterprise_mentor_id"]).count()
            result.append(
                {
                    "name": r["enterprise_mentor__display_name"] or r["enterprise_mentor__username"],
                    "load": r["n"],
                    "cap": cap,
                    "trainings": trained,
                }
            )
        return result
    rows = (
        live.exclude(school_mentor=None)
        .values("school_mentor_id", "school_mentor__name", "school_id")
        .annotate(n=Count("id"))
    )
    result = []
    for r in rows:
        cap = school_settings(r["school_id"]).max_students_per_school_mentor
        ratings = m.MentorRating.objects.filter(placement__school_mentor_id=r["school_mentor_id"], mentor_kind="school")
        avg = sum(x.score for x in ratings) / len(ratings) if ratings else None
        result.append(
            {"name": r["school_mentor__name"], "load": r["n"], "cap": cap, "rating": avg, "over": r["n"] > cap}
        )
    return sorted(result, key=lambda x: -x["load"])
