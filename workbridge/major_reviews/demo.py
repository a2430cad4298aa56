"""Demo region: the demo school's majors judged red by the labour market's early warning each have a review open
(the first with options on the table from the school's admin and the major's teachers); another major's review is
decided (intake reduced) with its follow-up under way: the enrolment plan changed, the programme still to revise."""

from __future__ import annotations

ORDER = 72  # after labour_market (70), whose warnings open the reviews


def seed(ctx) -> None:
    from workbridge.core.access import actor_for
    from workbridge.labour_market.models import MajorWarning

    from . import services
    from .models import MajorReview, StepKind

    users = ctx.shared.get("users", {})
    admin, teacher, school = users.get("school_admin"), users.get("teacher"), ctx.shared.get("demo_school")
    if admin is None or school is None:
        return
    admin = actor_for(admin)
    teacher = actor_for(teacher) if teacher is not None else admin
    warnings = MajorWarning.objects.filter(major__school=school).select_related("major").order_by("-year", "major_id")
    latest = warnings.values_list("year", flat=True).first()
    if latest is None:
        ctx.log("major_reviews: the demo school's majors have no warning; skipped")
        return
    warnings = list(warnings.filter(year=latest))
    reds = [w for w in warnings if w.level == "red"]
    yellows = [w for w in warnings if w.level == "yellow"]
    reviews = []
    for warning in reds:  # what the listener does once the seeding commits, done now so options can follow
        services.review_open_for_warning(warning=warning)
        reviews.append(MajorReview.objects.filter(major=warning.major).exclude(status="closed").first())
    for warning in yellows[: max(0, 2 - len(reviews))]:
        reviews.append(
            services.review_open(
                actor=admin,
                major=warning.major,
                note="对口就业率连续两年下滑，生源报到率不足八成，学校决定提前评估该专业的去留。",
            )
        )
    reviews = [r for r in reviews if r is not None]
    if not reviews:
        return
    first = reviews[0]
    others = [m for m in school.majors.filter(is_active=True).exclude(pk=first.major_id).order_by("code")[:1]]
    services.option_propose(
        actor=teacher,
        review=first,
        kind="adjust",
        notes="对接本地新能源汽车产业，把传统机加工方向改为智能产线运维方向，新增两门企业共建课程。",
    )
    services.option_propose(
        actor=admin,
        review=first,
        kind="reduce",
        notes="三年内把招生计划压缩到现有的六成，集中师资办好一个方向。",
        intake_now=120,
        intake_proposed=70,
    )
    if others:
        services.option_propose(
            actor=admin,
            review=first,
            kind="merge",
            notes=f"并入{others[0].name}专业作为一个方向，共享实训基地和师资。",
            merge_into_id=others[0].pk,
        )
    services.option_propose(
        actor=admin,
        review=first,
        kind="close",
        notes="明年起停止招生，在校的各届学生按原培养方案教学直至毕业。",
    )
    ctx.log(f"major_reviews: {len(reviews)} reviews open, options on {first.major.name}")
    if len(reviews) < 2:
        return
    second = reviews[1]
    services.option_propose(
        actor=admin,
        review=second,
        kind="adjust",
        notes="修订人才培养方案，增加企业真实项目课时。",
    )
    reduce = services.option_propose(
        actor=admin,
        review=second,
        kind="reduce",
        notes="招生计划由 90 人减为 60 人，调出的名额给新开的工业互联网专业。",
        intake_now=90,
        intake_proposed=60,
    )
    services.review_decide(
        actor=admin,
        review=second,
        option_id=reduce.pk,
        reasons="行业需求仍在，但毕业生供给超出本地岗位一倍以上；压缩规模、同时修订方案，明年再看预警结果。",
    )
    step = second.steps.filter(kind=StepKind.INTAKE_REDUCED).first()
    if step is not None:
        services.step_done(actor=admin, step=step)
