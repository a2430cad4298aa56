"""Matching rounds: the one rule of who sees what of a round (page, xlsx export and every API action use it)."""

from __future__ import annotations

from django.db.models import QuerySet

from workbridge.core.access import Actor, access_object, as_actor, visible
from workbridge.core.roles import ENTERPRISE_ROLES, Role

from .. import models as m
from ..permissions import sees_whole_round


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
    from ..models import RoundStatus

    results = rnd.results.select_related("student__major", "position__enterprise").order_by(
        "student__student_number", "pk"
    )
    lottery = rnd.lottery or {}
    if sees_whole_round(actor):
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


def round_list(*, actor: Actor) -> QuerySet:
    return visible(as_actor(actor), m.MatchingRound.objects.all()).order_by("-created_at", "-id")


def round_get(*, actor: Actor, pk) -> m.MatchingRound:
    return access_object(as_actor(actor), m.MatchingRound.objects.all(), pk)
