"""Reads of the guidance app, scoped by the actor."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet

from workbridge.core.access import Actor, access_object, as_actor, visible
from workbridge.core.roles import Role

from .models import CounsellingRequest, CounsellingStatus, GuidanceSession, SessionAttendance, WellbeingCheck
from .permissions import STAFF


def private_scope_q(actor: Actor) -> Q:
    """Counselling and wellbeing rows: the student's own, or the staff of the student's school; nobody else."""
    if actor.is_platform_admin:
        return Q()
    if actor.role == Role.STUDENT and actor.student_id:
        return Q(student_id=actor.student_id)
    if actor.role in STAFF and actor.organization_id:
        return Q(school_id=actor.organization_id)
    return Q(pk__in=[])


def session_list(*, actor: Actor) -> QuerySet[GuidanceSession]:
    actor = as_actor(actor)
    qs = visible(actor, GuidanceSession.objects.select_related("cohort"))
    if actor.role == Role.STUDENT:
        qs = qs.filter(attendance__student_id=actor.student_id)
    return qs.annotate(
        invited=Count("attendance", distinct=True),
        present=Count("attendance", filter=Q(attendance__attended=True), distinct=True),
    )


def session_get(*, actor: Actor, pk) -> GuidanceSession:
    return access_object(as_actor(actor), session_list(actor=actor), pk)


def attendance_of(*, actor: Actor, session: GuidanceSession) -> QuerySet[SessionAttendance]:
    return visible(as_actor(actor), session.attendance.select_related("student"))


def counselling_list(*, actor: Actor) -> QuerySet[CounsellingRequest]:
    return visible(as_actor(actor), CounsellingRequest.objects.select_related("student", "counsellor"))


def counselling_get(*, actor: Actor, pk) -> CounsellingRequest:
    return access_object(as_actor(actor), counselling_list(actor=actor), pk)


def counselling_waiting(*, actor: Actor) -> QuerySet[CounsellingRequest]:
    """Requests still waiting for a time: unassigned ones of the school (for a teacher, also those they took)."""
    actor = as_actor(actor)
    qs = counselling_list(actor=actor).filter(status=CounsellingStatus.REQUESTED)
    if actor.role == Role.TEACHER:
        qs = qs.filter(Q(counsellor__isnull=True) | Q(counsellor_id=actor.teacher_id))
    return qs


def wellbeing_list(*, actor: Actor) -> QuerySet[WellbeingCheck]:
    actor = as_actor(actor)
    qs = visible(actor, WellbeingCheck.objects.select_related("student", "placement"))
    if actor.role == Role.TEACHER:
        # a teacher sees the checks of the students they mentor (or of students with no school mentor yet)
        qs = qs.filter(Q(placement__school_mentor_id=actor.teacher_id) | Q(placement__isnull=True))
    return qs


def wellbeing_get(*, actor: Actor, pk) -> WellbeingCheck:
    return access_object(as_actor(actor), wellbeing_list(actor=actor), pk)


def wellbeing_flagged(*, actor: Actor) -> QuerySet[WellbeingCheck]:
    return wellbeing_list(actor=actor).filter(flagged=True, seen_at__isnull=True)


def wellbeing_this_week(*, actor: Actor, week_start: dt.date) -> WellbeingCheck | None:
    actor = as_actor(actor)
    return wellbeing_list(actor=actor).filter(student_id=actor.student_id, week_start=week_start).first()
