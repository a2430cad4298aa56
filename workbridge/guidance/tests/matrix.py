"""Matrix registrations for guidance: one session, counselling request and wellbeing check per side."""

import datetime as dt

from django.db.models import Q

from workbridge.core.matrix import Const, register_private_rows, register_route, register_sample
from workbridge.guidance.models import CounsellingRequest, GuidanceSession, WellbeingCheck


def _side(world, side):
    school = getattr(world, f"school{side}")
    student = getattr(world, f"student{side}")
    cohort = getattr(world, f"cohort{side}")
    return school, student, cohort


def _session(world, side):
    school, student, cohort = _side(world, side)
    session = GuidanceSession.objects.create(
        school=school, title=f"岗前培训{'甲' if side == 1 else '乙'}", held_on=dt.date(2026, 9, 1), cohort=cohort
    )
    session.attendance.create(student=student, attended=True)
    return session


def _request(world, side):
    school, student, _cohort = _side(world, side)
    return CounsellingRequest.objects.create(
        student=student, school=school, kind="career", wish=f"谈话心愿{'甲' if side == 1 else '乙'}"
    )


def _check(world, side):
    school, student, _cohort = _side(world, side)
    return WellbeingCheck.objects.create(
        student=student,
        school=school,
        week_start=dt.date(2026, 11, 30),
        mood=2,
        flagged=True,
        note=f"心情记录{'甲' if side == 1 else '乙'}",
    )


register_sample("guidance_session", model=GuidanceSession, make=_session, marker=lambda s: s.title)
register_sample("guidance_counselling", model=CounsellingRequest, make=_request, marker=lambda r: r.wish)
register_sample("guidance_wellbeing", model=WellbeingCheck, make=_check, marker=lambda c: c.note)
register_private_rows(CounsellingRequest, lambda w: Q(school_id=w.school2.pk))
register_private_rows(WellbeingCheck, lambda w: Q(school_id=w.school2.pk))
register_route("guidance:session", pk="guidance_session")
register_route("guidance:counselling-action", pk="guidance_counselling", action=Const("cancel"))
register_route("guidance:wellbeing-seen", pk="guidance_wellbeing")
register_route("guidance-attendance", pk="guidance_session")
register_route("guidance-counselling-action", pk="guidance_counselling", action=Const("cancel"))
register_route("guidance-wellbeing-seen", pk="guidance_wellbeing")
