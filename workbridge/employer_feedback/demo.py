"""Demo region: the demo school's employer feedback round (the last term with interns or hired graduates, else
this term), answered by the host enterprises and closed; the major with the most answers gets one capability rated
below the threshold, which raised a review task for its leader (the demo teacher)."""

from __future__ import annotations

import datetime as dt

ORDER = 75  # after labour_market (70): the majors' matrices exist

COMMENTS = [
    "动手能力强，上手快，能按图纸独立完成装配。",
    "工作态度认真，服从安排，建议加强现场安全规范训练。",
    "专业基础扎实，沟通表达还需锻炼。",
    "能吃苦，团队协作好，希望学校多安排真实设备实操。",
    "",
]


def seed(ctx) -> None:
    from django.utils import timezone

    from workbridge.academics.models import Teacher
    from workbridge.core.access import Actor
    from workbridge.core.exceptions import ValidationFailed
    from workbridge.core.roles import OrgKind, Role
    from workbridge.evaluation.engines.terms import term_of

    from . import services
    from .models import FeedbackForm, RoundCapability

    school = ctx.shared.get("demo_school")
    if school is None:
        return
    school_actor = Actor(user=None, role=Role.SCHOOL_ADMIN, organization_id=school.pk, org_kind=OrgKind.SCHOOL)
    current = term_of(ctx.today)
    feedback_round = None
    for term in (current.previous(), current):
        try:
            feedback_round = services.round_open(
                actor=school_actor,
                term=term.code,
                closes_on=max(ctx.today, timezone.localdate()) + dt.timedelta(days=14),
            )
            break
        except ValidationFailed:
            continue
    if feedback_round is None:
        return
    forms = list(FeedbackForm.objects.filter(round=feedback_round).order_by("pk"))
    counts: dict[int, int] = {}
    for form in forms:
        counts[form.major_id] = counts.get(form.major_id, 0) + 1
    focus_major = max(sorted(counts), key=lambda m: counts[m])
    caps_by_major: dict[int, list] = {}
    for cap in RoundCapability.objects.filter(round=feedback_round).order_by("position"):
        caps_by_major.setdefault(cap.major_id, []).append(cap)
    low = caps_by_major[focus_major][min(1, len(caps_by_major[focus_major]) - 1)]
    demo_teacher = ctx.shared.get("demo_teacher")
    if isinstance(demo_teacher, Teacher) and demo_teacher.school_id == school.pk:
        services.leader_set(actor=school_actor, major_id=focus_major, teacher_id=demo_teacher.pk)
    rng = ctx.rng
    for index, form in enumerate(forms):
        if form.major_id != focus_major and rng.random() < 0.2:
            continue  # some employers never answer
        enterprise_actor = Actor(
            user=None, role=Role.ENTERPRISE_ADMIN, organization_id=form.enterprise_id, org_kind=OrgKind.ENTERPRISE
        )
        ratings = {
            cap.pk: (rng.choice((2, 2, 3)) if cap.pk == low.pk else rng.choice((3, 4, 4, 5, 5)))
            for cap in caps_by_major.get(form.major_id, [])
        }
        services.form_submit(
            actor=enterprise_actor,
            form=form,
            ratings=ratings,
            overall=rng.choice((3, 4, 4, 5, 5)),
            comment=COMMENTS[index % len(COMMENTS)],
        )
    services.round_close(actor=school_actor, feedback_round=feedback_round)
