"""Writes of the guidance app: sessions and attendance, counselling, wellbeing check-ins."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from workbridge.academics.models import Cohort, Student
from workbridge.core.access import Actor, acting_user, as_actor
from workbridge.core.exceptions import InvalidTransition, PermissionDenied, ValidationFailed
from workbridge.core.services import audit_record, full_clean_or_raise, notification_send

from . import permissions as perms
from .models import (
    LOW_MOOD,
    CounsellingKind,
    CounsellingRequest,
    CounsellingStatus,
    GuidanceSession,
    SessionAttendance,
    SessionKind,
    WellbeingCheck,
)


def _refuse(field: str, message: str):
    raise ValidationFailed(message, errors={field: [message]})


@transaction.atomic
def session_create(
    *,
    actor: Actor,
    title: str,
    kind: str,
    held_on: dt.date,
    cohort_id: int | None = None,
    place: str = "",
    hours: Decimal | float = 2,
) -> GuidanceSession:
    """A session for a class: every student of the class is on its attendance sheet."""
    actor = as_actor(actor)
    if not perms.may_run_sessions(actor):
        raise PermissionDenied(_("The school's staff plan guidance sessions."))
    if kind not in SessionKind.values:
        _refuse("kind", _("Choose the kind of session."))
    cohort = None
    if cohort_id is not None:
        cohort = Cohort.objects.filter(pk=cohort_id, major__school_id=actor.organization_id).first()
        if cohort is None:
            _refuse("cohort", _("Choose one of your school's classes."))
    session = GuidanceSession(
        school_id=actor.organization_id,
        kind=kind,
        title=(title or "").strip(),
        held_on=held_on,
        place=(place or "").strip(),
        hours=Decimal(str(hours)),
        cohort=cohort,
    )
    full_clean_or_raise(session)
    session.save()
    if cohort is not None:
        students = Student.objects.filter(cohort=cohort, school_id=actor.organization_id).values_list("pk", flat=True)
        SessionAttendance.objects.bulk_create([SessionAttendance(session=session, student_id=pk) for pk in students])
    audit_record(actor=actor, action="guidance.session_created", target=session, organization_id=session.school_id)
    return session


@transaction.atomic
def attendance_record(*, actor: Actor, session: GuidanceSession, present_ids: set[int]) -> int:
    """Who came: everyone on the sheet is marked present or absent; returns how many were present."""
    actor = as_actor(actor)
    if not perms.may_manage_session(actor, session):
        raise PermissionDenied(_("The school's staff take attendance."))
    rows = list(SessionAttendance.objects.select_for_update().filter(session=session))
    sheet = {r.student_id for r in rows}
    strangers = set(present_ids) - sheet
    if strangers:
        _refuse("present", _("Only students on the attendance sheet can be marked present."))
    for row in rows:
        row.attended = row.student_id in present_ids
    SessionAttendance.objects.bulk_update(rows, ["attended"])
    audit_record(
        actor=actor,
        action="guidance.attendance_recorded",
        target=session,
        organization_id=session.school_id,
        data={"present": len(present_ids), "invited": len(rows)},
    )
    return len(present_ids)


def _student(actor: Actor) -> Student:
    student = Student.objects.filter(pk=actor.student_id).first() if actor.student_id else None
    if student is None:
        raise PermissionDenied(_("Only a student can do this."))
    return student


def _school_staff_users(school_id: int):
    from workbridge.core.roles import Role
    from workbridge.organizations.models import Membership

    return [
        m.user
        for m in Membership.objects.filter(organization_id=school_id, role=Role.SCHOOL_ADMIN).select_related("user")
    ]


@transaction.atomic
def counselling_request(*, actor: Actor, kind: str, wish: str = "") -> CounsellingRequest:
    """A student asks for a talk; the school's admins are told a request waits (never what it is about)."""
    actor = as_actor(actor)
    if not perms.may_ask_for_counselling(actor):
        raise PermissionDenied(_("Only a student can ask for a talk."))
    if kind not in CounsellingKind.values:
        _refuse("kind", _("Choose career or psychological counselling."))
    student = _student(actor)
    request = CounsellingRequest(student=student, school_id=student.school_id, kind=kind, wish=(wish or "").strip())
    full_clean_or_raise(request)
    request.save()
    audit_record(
        actor=actor, action="guidance.counselling_requested", target=request, organization_id=student.school_id
    )
    for user in _school_staff_users(student.school_id):
        transaction.on_commit(
            partial(
                notification_send,
                recipient=user,
                kind="guidance.counselling",
                title=_("A student asks for a talk with a counsellor"),
                link="/guidance/counselling/",
            )
        )
    return request


@transaction.atomic
def counselling_schedule(
    *, actor: Actor, request: CounsellingRequest, scheduled_at: dt.datetime, place: str = ""
) -> CounsellingRequest:
    """A teacher takes the request (becoming its counsellor) and sets the time; the student is told."""
    actor = as_actor(actor)
    if not perms.may_counsel(actor, request):
        raise PermissionDenied(_("Another counsellor has taken this request."))
    if request.status not in (CounsellingStatus.REQUESTED, CounsellingStatus.SCHEDULED):
        raise InvalidTransition(_("This talk has already taken place or was cancelled."))
    if scheduled_at is None or scheduled_at < timezone.now() - dt.timedelta(hours=1):
        _refuse("scheduled_at", _("Choose a time that has not passed."))
    if actor.teacher_id and request.counsellor_id is None:
        request.counsellor_id = actor.teacher_id
    request.status = CounsellingStatus.SCHEDULED
    request.scheduled_at = scheduled_at
    request.place = (place or "").strip()
    full_clean_or_raise(request)
    request.save()
    audit_record(
        actor=actor, action="guidance.counselling_scheduled", target=request, organization_id=request.school_id
    )
    user = request.student.user
    if user is not None:
        when = timezone.localtime(scheduled_at).strftime("%Y-%m-%d %H:%M")
        transaction.on_commit(
            lambda: notification_send(
                recipient=user,
                kind="guidance.counselling",
                title=_("Your talk with a counsellor: %(when)s") % {"when": when},
                body=request.place,
                link="/guidance/",
            )
        )
    return request


@transaction.atomic
def counselling_hold(*, actor: Actor, request: CounsellingRequest, private_note: str = "") -> CounsellingRequest:
    """The counsellor records that the talk took place, with a note only the counsellor and the student read."""
    actor = as_actor(actor)
    if not (actor.teacher_id and actor.teacher_id == request.counsellor_id):
        raise PermissionDenied(_("Only the counsellor records the talk."))
    if request.status != CounsellingStatus.SCHEDULED:
        raise InvalidTransition(_("Schedule the talk first."))
    request.status = CounsellingStatus.HELD
    request.private_note = (private_note or "").strip()
    full_clean_or_raise(request)
    request.save()
    # the audit line says that a talk took place, never what was said
    audit_record(actor=actor, action="guidance.counselling_held", target=request, organization_id=request.school_id)
    return request


@transaction.atomic
def counselling_cancel(*, actor: Actor, request: CounsellingRequest) -> CounsellingRequest:
    actor = as_actor(actor)
    own = actor.student_id is not None and actor.student_id == request.student_id
    if not (own or perms.may_counsel(actor, request)):
        raise PermissionDenied(_("The student or the counsellor cancels a talk."))
    if request.status in (CounsellingStatus.HELD, CounsellingStatus.CANCELLED):
        raise InvalidTransition(_("This talk has already taken place or was cancelled."))
    request.status = CounsellingStatus.CANCELLED
    request.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor, action="guidance.counselling_cancelled", target=request, organization_id=request.school_id
    )
    return request


@transaction.atomic
def wellbeing_submit(
    *, actor: Actor, mood: int, wants_talk: bool = False, note: str = "", today: dt.date | None = None
) -> WellbeingCheck:
    """This week's word on how it goes (once a week; a second answer replaces the first). A low mood or a wish to
    talk flags it and tells the school mentor at once."""
    actor = as_actor(actor)
    if not perms.may_check_in_wellbeing(actor):
        raise PermissionDenied(_("Only a student checks in on their week."))
    try:
        mood = int(mood)
    except (TypeError, ValueError):
        mood = 0
    if not 1 <= mood <= 5:
        _refuse("mood", _("Choose how the week went."))
    student = _student(actor)
    today = today or timezone.localdate()
    week = today - dt.timedelta(days=today.weekday())
    from workbridge.placements.models import Placement

    placement = Placement.objects.filter(student=student, status="active").select_related("school_mentor__user").first()
    flagged = mood <= LOW_MOOD or bool(wants_talk)
    check, _created = WellbeingCheck.objects.update_or_create(
        student=student,
        week_start=week,
        defaults={
            "school_id": student.school_id,
            "placement": placement,
            "mood": mood,
            "wants_talk": bool(wants_talk),
            "note": (note or "").strip()[:1000],
            "flagged": flagged,
            "seen_by": None,
            "seen_at": None,
        },
    )
    if flagged:
        mentor = placement.school_mentor.user if placement and placement.school_mentor else None
        recipients = [mentor] if mentor else _school_staff_users(student.school_id)
        for user in recipients:
            transaction.on_commit(
                partial(
                    notification_send,
                    recipient=user,
                    kind="guidance.wellbeing",
                    title=_("%(name)s is having a hard week; please get in touch.") % {"name": student.name},
                    link="/guidance/wellbeing/",
                    urgent=True,
                )
            )
    return check


@transaction.atomic
def wellbeing_acknowledge(*, actor: Actor, check: WellbeingCheck) -> WellbeingCheck:
    """The school mentor has seen the flagged check (and got in touch)."""
    actor = as_actor(actor)
    if not perms.may_acknowledge_wellbeing(actor, check):
        raise PermissionDenied(_("The student's school mentor follows this up."))
    check.seen_by = acting_user(actor)
    check.seen_at = timezone.now()
    check.save(update_fields=["seen_by", "seen_at", "updated_at"])
    audit_record(actor=actor, action="guidance.wellbeing_seen", target=check, organization_id=check.school_id)
    return check
