"""Reads for the placements app, always scoped by the actor through core.access."""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache
from pathlib import Path

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from workbridge.core.access import Actor, access_object, as_actor, visible
from workbridge.core.roles import ENTERPRISE_ROLES, Role

from . import models as m

DATA_DIR = Path(__file__).resolve().parent / "data"


@lru_cache(maxsize=1)
def defaults() -> dict:
    return json.loads((DATA_DIR / "defaults.json").read_text(encoding="utf-8"))


def student_host_items() -> list[dict]:
    return defaults()["student_host_items"]


class _Item:
    def __init__(self, code, name, weight):
        self.code, self.name, self.weight = code, name, weight


def competency_items_for(student) -> list:
    """The major's items, else the school's defaults, else the platform defaults (data/defaults.json)."""
    items = list(m.CompetencyItem.objects.filter(school_id=student.school_id, major_id=student.major_id))
    if not items:
        items = list(m.CompetencyItem.objects.filter(school_id=student.school_id, major__isnull=True))
    if items:
        return items
    from django.utils.translation import get_language

    zh = (get_language() or "").startswith("zh")
    return [_Item(i["code"], i["name_zh"] if zh else i["name"], i["weight"]) for i in defaults()["competency_items"]]


def school_settings(school_id: int) -> m.PlacementSettings:
    """The school's placement settings for reading: its saved row, or the defaults when it has none yet (a
    selector never writes; services.common.settings_for creates the row when a service needs it)."""
    saved = m.PlacementSettings.objects.filter(school_id=school_id).first()
    return saved or m.PlacementSettings(school_id=school_id, grade_weights=defaults()["grade_weights"])


def position_list(*, actor: Actor, status: str | None = None, q: str = "") -> QuerySet:
    actor = as_actor(actor)
    qs = visible(actor, m.Position.objects.select_related("enterprise", "project"))
    if actor.role == Role.STUDENT:
        qs = qs.filter(status=m.PositionStatus.APPROVED)
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(enterprise__name__icontains=q) | Q(workplace_address__icontains=q))
    return qs.annotate(taken=Count("placements", filter=Q(placements__status__in=m.LIVE_PLACEMENT_STATUSES)))


def application_list(*, actor: Actor, status: str | None = None) -> QuerySet:
    actor = as_actor(actor)
    qs = visible(actor, m.Application.objects.select_related("student__major", "position", "enterprise"))
    return qs.filter(status=status) if status else qs


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


def alert_list(*, actor: Actor, status: str | None = "open") -> QuerySet:
    actor = as_actor(actor)
    qs = visible(actor, m.Alert.objects.select_related("placement", "student", "enterprise"))
    if actor.role == Role.STUDENT:
        return qs.none()
    if actor.role == Role.ENTERPRISE_MENTOR:
        qs = qs.filter(placement__enterprise_mentor_id=actor.user_id)
    if actor.role == Role.TEACHER and actor.teacher_id:
        qs = qs.filter(Q(placement__school_mentor_id=actor.teacher_id) | Q(escalation__gte=1))
    if actor.role == Role.AUTHORITY_OFFICER:
        qs = qs.filter(escalation__gte=m.EscalationLevel.AUTHORITY)
    if status == "open":
        qs = qs.exclude(status=m.AlertStatus.RESOLVED)
    elif status:
        qs = qs.filter(status=status)
    return qs


def reports_to_review(*, actor: Actor) -> QuerySet:
    actor = as_actor(actor)
    qs = visible(actor, m.WeeklyReport.objects.select_related("placement__student", "placement__position"))
    qs = qs.filter(status=m.ReportStatus.SUBMITTED)
    if actor.role == Role.ENTERPRISE_MENTOR:
        qs = qs.filter(placement__enterprise_mentor_id=actor.user_id)
    elif actor.role == Role.TEACHER:
        qs = qs.filter(placement__school_mentor_id=actor.teacher_id)
    return qs.order_by("submitted_at")


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


def checkins_today(*, actor: Actor) -> QuerySet:
    actor = as_actor(actor)
    today = timezone.localdate()
    return visible(actor, m.CheckIn.objects.select_related("placement__student")).filter(work_date=today)


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


# ---------------------------------------------------------------------------------------------------------
# Matching rounds: the one rule of who sees what of a round (page, xlsx export and every API action use it).

ROUND_FULL_ROLES = frozenset(
    {Role.PLATFORM_ADMIN, Role.AUTHORITY_OFFICER, Role.GROUP_OFFICER, Role.SCHOOL_ADMIN, Role.TEACHER}
)


def round_view_for(*, actor: Actor, rnd) -> dict:
    """What `actor` may see of a round it can already reach (access_object).

    - school staff, group and authority officers, platform admins: every result, full explanations, the lottery;
    - an enterprise: only students who ranked at least one of its positions, and for each only facts about its own
      positions (the student's rank of them, placed HERE or not placed here) -- never where else, no competitor ranks,
      no caps, no lottery tickets;
    - a student: their own result, explanation and lottery ticket once the round is published;
    - anyone else: nothing.
    Rows: dicts with student, position, choice_rank, explanation (list of items), placed_here (enterprise only).
    """
    from .models import RoundStatus

    results = rnd.results.select_related("student__major", "position__enterprise").order_by(
        "student__student_number", "pk"
    )
    lottery = rnd.lottery or {}
    if actor.is_platform_admin or actor.role in ROUND_FULL_ROLES:
        rows = [
            {
                "student": r.student,
                "position": r.position,
                "enterprise": r.position.enterprise if r.position else None,
                "choice_rank": r.choice_rank,
                "explanation": list((r.explanation or {}).get("items", [])),
            }
            for r in results
        ]
        return {"scope": "full", "rows": rows, "lottery": lottery}
    if actor.role == Role.STUDENT:
        published = rnd.status in (RoundStatus.PUBLISHED, RoundStatus.CONVERTED)
        rows = []
        if published and actor.student_id:
            for r in results.filter(student_id=actor.student_id):
                rows.append(
                    {
                        "student": r.student,
                        "position": r.position,
                        "enterprise": r.position.enterprise if r.position else None,
                        "choice_rank": r.choice_rank,
                        "explanation": list((r.explanation or {}).get("items", [])),
                    }
                )
        ticket = (lottery.get("tickets") or {}).get(str(actor.student_id)) if published and actor.student_id else None
        return {"scope": "student", "rows": rows, "lottery": {"ticket": ticket} if ticket is not None else {}}
    if actor.role in ENTERPRISE_ROLES and actor.organization_id:
        own = {p.pk: p for p in rnd.positions.filter(enterprise_id=actor.organization_id)}
        choices: dict = {}
        for c in rnd.choices.filter(position_id__in=own).order_by("rank"):
            choices.setdefault(c.student_id, []).append(c)
        rows = []
        by_student = {r.student_id: r for r in results.filter(student_id__in=choices)}
        for sid, cs in choices.items():
            r = by_student.get(sid)
            here = r is not None and r.position_id in own
            items = []
            for c in cs:
                placed = here and r.position_id == c.position_id
                items.append(
                    {
                        "position": c.position_id,
                        "your_rank": c.rank,
                        "reason": "assigned" if placed else "not_placed_here",
                    }
                )
            student = r.student if r else cs[0].student
            rows.append(
                {
                    "student": student,
                    "position": r.position if here else None,
                    "enterprise": r.position.enterprise if here else None,
                    "choice_rank": r.choice_rank if here else None,
                    "explanation": items,
                    "placed_here": here,
                }
            )
        rows.sort(key=lambda row: (row["student"].student_number or "", row["student"].pk))
        return {"scope": "enterprise", "rows": rows, "lottery": {}, "positions": own}
    return {"scope": "none", "rows": [], "lottery": {}}
