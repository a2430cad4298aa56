"""Demo region: positions, a finished matching round, placements with agreements and insurance, check-ins
(some sent offline, one outside the geofence), weekly reports, evaluations and grades, rule violations and alerts.

The demo student (demo_student) has an active placement at the demo enterprise with demo_teacher and
demo_mentor as mentors: logging in shows today's check-in, this week's report form and earlier reviews;
demo_mentor has a report to review; demo_school_admin has positions to review and the round's results.
Deterministic from ctx.rng and ctx.today.
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal

from django.utils import timezone

ORDER = 40

POSTS = [
    ("电气装配实习生", "6-31-01-03", "协助自动化产线电气装配、接线与通电调试。", ["电工", "PLC", "识图"]),
    ("数控车工实习生", "6-18-01-01", "在师傅指导下完成数控车床加工与首件检验。", ["数控编程", "识图", "量具使用"]),
    ("工业机器人运维实习生", "6-31-01-09", "协助工业机器人日常点检、示教编程与故障排查。", ["机器人示教", "PLC"]),
    ("质量检验实习生", "6-31-03-01", "来料与成品抽检，记录检验数据，参与质量改进。", ["量具使用", "Excel"]),
    ("电子商务运营实习生", "4-01-06-02", "协助店铺商品上架、活动策划与数据分析。", ["Excel", "文案"]),
    ("仓储物流实习生", "4-02-06-03", "协助仓库收发货、库存盘点与 WMS 系统操作。", ["WMS", "Excel"]),
]


def _demo_photos(placement, rng) -> None:
    """The demo student's last three check-ins carry a photo of the workshop (drawn here, deterministic from rng),
    stored as the check-in service stores one (core.uploads.clean_photo)."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw

    from workbridge.core.uploads import clean_photo

    from .models import CheckIn

    for checkin in CheckIn.objects.filter(placement=placement).order_by("-occurred_at")[:3]:
        image = Image.new("RGB", (640, 480), (205, 212, 220))
        draw = ImageDraw.Draw(image)
        draw.rectangle((0, 330, 640, 480), fill=(120, 124, 130))  # the floor
        for x in range(40, 600, 150):  # machines along the wall
            shade = rng.randint(40, 90)
            draw.rectangle((x, 150 + rng.randint(0, 30), x + 110, 340), fill=(30 + shade, 90 + shade, 120 + shade))
            draw.rectangle((x + 20, 190, x + 90, 230), fill=(240, 200, 60))
        out = io.BytesIO()
        image.save(out, format="JPEG", quality=80)
        photo = clean_photo(SimpleUploadedFile("demo.jpg", out.getvalue(), content_type="image/jpeg"))
        checkin.photo.save(photo.name, photo, save=False)
        CheckIn.objects.filter(pk=checkin.pk).update(photo=checkin.photo.name)


def _aware(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def seed(ctx) -> None:
    from workbridge.academics.models import Student, Teacher
    from workbridge.core.access import actor_for
    from workbridge.organizations.models import Membership, User

    from . import services as svc
    from .engines.attendance import expected_days
    from .models import (
        Application,
        CheckIn,
        Insurance,
        Placement,
        Position,
        PrePlacementTraining,
        RoundChoice,
        RoundScore,
        TripartiteAgreement,
        WeeklyReport,
    )
    from .services import alerts as alerts
    from .services import attendance as att
    from .services import reports as rep
    from .services import rounds as match

    rng = ctx.rng
    today = ctx.today
    users = ctx.shared["users"]
    school = ctx.shared["demo_school"]
    enterprise = ctx.shared["demo_enterprise"]
    school_admin = actor_for(users["school_admin"])
    ent_admin = actor_for(users["enterprise_admin"])
    mentor_user = users["enterprise_mentor"]
    demo_teacher = ctx.shared["demo_teacher"]
    demo_student = ctx.shared["demo_student"]
    approved = [e for e in ctx.shared["approved_enterprises"] if e.region_id and e.latitude is not None]
    hosts = [enterprise] + [e for e in approved if e.pk != enterprise.pk][: 9 if ctx.scale == "small" else 40]
    term_start = today - dt.timedelta(days=35)
    term_end = term_start + dt.timedelta(days=182)

    # ---- Positions: approved by the demo school (the demo enterprise's include an order class when one exists).
    positions = []
    for i, host in enumerate(hosts):
        for j in range(2 if i < 4 else 1):
            title, code, duties, skills = POSTS[(i + j) % len(POSTS)]
            staff = host.staff_count or 300
            positions.append(
                Position(
                    enterprise=host,
                    title=title,
                    occupation_code=code,
                    duties=duties,
                    required_skills=skills,
                    major_categories=["46", "53"],
                    places=rng.randint(3, 8),
                    post_staff_count=max(staff // 5, 40),
                    workplace_address=host.address or host.name,
                    latitude=host.latitude,
                    longitude=host.longitude,
                    geofence_radius_m=300,
                    monthly_pay=Decimal(rng.choice([3600, 3800, 4000, 4200, 4500])),
                    post_wage=Decimal(4600),
                    daily_hours=Decimal(8),
                    shift_start=dt.time(8, 30),
                    shift_end=dt.time(17, 30),
                    rest_days_per_week=2,
                    start_date=term_start,
                    end_date=term_end,
                    venue_type="factory",
                    status="approved",
                    reviewed_by_school=school,
                    reviewed_at=timezone.now(),
                    submitted_at=timezone.now(),
                    created_by=users["enterprise_admin"] if host.pk == enterprise.pk else None,
                )
            )
    positions = ctx.bulk(Position, positions)
    demo_positions = [p for p in positions if p.enterprise_id == enterprise.pk]
    # Two submitted positions await the school's review; one pays under 80% of the post's wage (a finding).
    for title, pay in (("设备维修实习生", 4000), ("包装线实习生", 2600)):
        pos = svc.position_create(
            actor=ent_admin,
            data={
                "title": title,
                "occupation_code": "6-31-01-03",
                "duties": "协助设备点检与维修。",
                "places": 4,
                "post_staff_count": 60,
                "workplace_address": enterprise.address or enterprise.name,
                "latitude": enterprise.latitude,
                "longitude": enterprise.longitude,
                "monthly_pay": Decimal(pay),
                "post_wage": Decimal(4600),
                "daily_hours": Decimal(8),
                "shift_start": dt.time(8, 30),
                "shift_end": dt.time(17, 30),
                "start_date": today + dt.timedelta(days=30),
                "end_date": today + dt.timedelta(days=210),
                "venue_type": "factory",
                "major_categories": ["46"],
            },
        )
        svc.position_submit(actor=ent_admin, position=pos)

    # ---- Enterprise mentors for the other hosts (no log-in listed; the demo enterprise uses demo_mentor).
    host_mentor = {enterprise.pk: mentor_user}
    for host in hosts[1:]:
        user = User.objects.create(
            username=f"mentor_e{host.pk}",
            display_name=f"{host.short_name or host.name[:4]}导师",
            password=ctx.password_hash,
            email="",
        )
        Membership.objects.create(user=user, organization=host, role="enterprise_mentor")
        host_mentor[host.pk] = user

    # ---- The matching round: final-year students of the demo school rank positions; hosts score; DA computes.
    student_ids = [sid for sid in ctx.shared["students_by_school"][school.pk] if sid != demo_student.pk]
    pool = list(
        Student.objects.filter(pk__in=student_ids, grade_year__gte=2).order_by("pk").values_list("pk", flat=True)[:60]
    )
    rnd = match.round_create(
        actor=school_admin,
        title=f"{today.year}年岗位实习双向选择",
        position_ids=[p.pk for p in positions],
        max_choices=5,
    )
    choices, scores = [], []
    for sid in pool:
        picks = rng.sample(positions, k=min(5, len(positions)))
        for rank, pos in enumerate(picks, start=1):
            choices.append(RoundChoice(round=rnd, student_id=sid, position=pos, rank=rank))
            if rng.random() < 0.7:
                scores.append(
                    RoundScore(
                        round=rnd, student_id=sid, position=pos, score=Decimal(rng.choice([60, 70, 75, 80, 85, 90]))
                    )
                )
    ctx.bulk(RoundChoice, choices)
    ctx.bulk(RoundScore, scores)
    rnd = match.round_compute(actor=school_admin, rnd=rnd, variant="da", seed=20260301)
    match.round_publish(actor=school_admin, rnd=rnd)
    round_placements = match.round_convert(actor=school_admin, rnd=rnd)

    # ---- The demo student (a first-year: 岗位实习 is forbidden in year 1, so theirs is an eight-week
    # cognitive internship, 认识实习) applied, was interviewed and accepted an offer at the demo enterprise.
    title, code, duties, skills = POSTS[2]
    demo_position = Position.objects.create(
        enterprise=enterprise,
        title="认识实习：" + title,
        occupation_code=code,
        kind="cognitive",
        duties=duties,
        required_skills=skills,
        major_categories=["46"],
        places=10,
        post_staff_count=60,
        workplace_address=enterprise.address or enterprise.name,
        latitude=enterprise.latitude,
        longitude=enterprise.longitude,
        geofence_radius_m=300,
        monthly_pay=Decimal(2000),
        post_wage=Decimal(4600),
        daily_hours=Decimal(8),
        shift_start=dt.time(8, 30),
        shift_end=dt.time(17, 30),
        start_date=term_start,
        end_date=term_start + dt.timedelta(days=56),
        venue_type="factory",
        status="approved",
        reviewed_by_school=school,
        reviewed_at=timezone.now(),
        submitted_at=timezone.now(),
        created_by=users["enterprise_admin"],
    )
    application = Application.objects.create(
        student=demo_student,
        position=demo_position,
        school=school,
        enterprise=enterprise,
        status="accepted",
        cv=svc.cv_from_profile(
            demo_student, summary="动手能力强，参加过省技能大赛电气安装项目。", skills=["PLC", "电工"]
        ),
        interview_at=_aware(term_start - dt.timedelta(days=20), 14),
        interview_place="企业人事部 2 楼会议室",
        decided_at=timezone.now(),
    )
    del application
    demo_placement = Placement.objects.create(
        student=demo_student,
        position=demo_position,
        school=school,
        enterprise=enterprise,
        start_date=demo_position.start_date,
        end_date=demo_position.end_date,
        source="application",
        qr_secret=secrets.token_hex(16),
    )

    # ---- Make every placement ready and start it: mentors, training, insurance, a confirmed agreement.
    teachers = list(Teacher.objects.filter(school=school).order_by("pk")[:8])
    placements = [demo_placement] + round_placements
    now = timezone.now()
    trainings, insurances = [], []
    # Every mentor stays within the school's caps (placement settings): a host with more interns than one mentor
    # may guide gets as many mentors as it needs, and the demo placement keeps demo_mentor.
    cfg = svc.settings_for(school.pk)
    per_host: dict[int, list] = {}
    for p in placements:
        per_host.setdefault(p.enterprise_id, []).append(p)
    host_mentors: dict[int, list] = {}
    for host_id, host_placements in per_host.items():
        needed = -(-len(host_placements) // cfg.max_students_per_enterprise_mentor)
        mentors = [host_mentor[host_id]]
        for k in range(1, needed):
            extra = User.objects.create(
                username=f"mentor_e{host_id}_{k + 1}",
                display_name=f"{mentors[0].display_name}{k + 1}",
                password=ctx.password_hash,
                email="",
            )
            Membership.objects.create(user=extra, organization_id=host_id, role="enterprise_mentor")
            mentors.append(extra)
        host_mentors[host_id] = mentors
    school_slots = [t for t in teachers if t.pk != demo_teacher.pk] or teachers
    for n, p in enumerate(placements):
        p.school_mentor = demo_teacher if p.pk == demo_placement.pk else school_slots[n % len(school_slots)]
        index = per_host[p.enterprise_id].index(p)
        p.enterprise_mentor = host_mentors[p.enterprise_id][index // cfg.max_students_per_enterprise_mentor]
        p.start_date, p.end_date = p.position.start_date, p.position.end_date
        for kind in ("safety", "job"):
            trainings.append(
                PrePlacementTraining(
                    placement=p,
                    kind=kind,
                    held_on=term_start - dt.timedelta(days=3),
                    hours=Decimal(4),
                    trainer="学校安全办" if kind == "safety" else "企业培训部",
                    content="入岗前培训",
                )
            )
        insurances.append(
            Insurance(
                placement=p,
                policy_number=f"PICC{today.year}{p.pk:06d}",
                insurer="中国人民财产保险股份有限公司",
                cover_start=p.start_date - dt.timedelta(days=1),
                cover_end=p.end_date + dt.timedelta(days=1),
                paid_by="school",
            )
        )
    Placement.objects.bulk_update(placements, ["school_mentor", "enterprise_mentor", "start_date", "end_date"])
    ctx.bulk(PrePlacementTraining, trainings)
    ctx.bulk(Insurance, insurances)
    # The demo student's agreement goes through the real flow (PDF from the template); others in bulk.
    svc.agreement_generate(actor=school_admin, placement=demo_placement)
    svc.agreement_confirm(actor=school_admin, placement=demo_placement)
    svc.agreement_confirm(actor=ent_admin, placement=demo_placement)
    TripartiteAgreement.objects.filter(placement=demo_placement).update(student_confirmed_at=now)
    if TripartiteAgreement.objects.get(placement=demo_placement).guardian_required:
        svc.agreement_confirm(actor=school_admin, placement=demo_placement, guardian_name=demo_student.name[0] + "建国")
    bulk_agreements = []
    for p in round_placements:
        terms = svc.agreement_terms(p)
        minor = terms["guardian_required"]
        bulk_agreements.append(
            TripartiteAgreement(
                placement=p,
                terms=terms,
                generated_at=now,
                school_confirmed_at=now,
                enterprise_confirmed_at=now,
                student_confirmed_at=now,
                guardian_required=minor,
                guardian_name=p.student.name[0] + "家长" if minor else "",
                guardian_confirmed_at=now if minor else None,
            )
        )
    ctx.bulk(TripartiteAgreement, bulk_agreements)
    svc.placement_start(actor=school_admin, placement=demo_placement)
    Placement.objects.filter(pk__in=[p.pk for p in round_placements]).update(status="active", started_at=now)

    # ---- Check-ins: most students every expected day until yesterday; a few stopped (no-check-in alerts).
    checkins = []
    days = expected_days(term_start, term_end, until=today - dt.timedelta(days=1))
    absent = {p.pk for p in round_placements[:3]}
    for p in placements:
        lat, lon = float(p.position.latitude), float(p.position.longitude)
        for d_index, day in enumerate(days):
            if p.pk in absent and d_index > len(days) - 5:
                continue
            if rng.random() < 0.04:
                continue
            occurred = _aware(day, 8, rng.randint(5, 29))
            north = rng.uniform(-120, 120)
            if p.pk == demo_placement.pk and d_index == len(days) - 3:
                north = 1800  # one morning at the wrong gate
            inside = abs(north) <= 300
            checkins.append(
                CheckIn(
                    placement=p,
                    client_key=f"demo-{p.pk}-{day.isoformat()}",
                    occurred_at=occurred,
                    work_date=day,
                    latitude=Decimal(str(round(lat + north / 111_195, 6))) if (today - day).days < 30 else None,
                    longitude=Decimal(str(round(lon, 6))) if (today - day).days < 30 else None,
                    accuracy_m=rng.randint(8, 40),
                    distance_m=int(abs(north)),
                    within_geofence=inside,
                    offline=rng.random() < 0.08,
                    device_hash=f"demo-device-{p.pk}",
                    signals=[] if inside else [{"code": "outside_geofence", "distance_m": int(abs(north))}],
                    coordinates_purged_at=now if (today - day).days >= 30 else None,
                )
            )
    ctx.bulk(CheckIn, checkins)

    # ---- Weekly reports: past weeks reviewed with scores; last week awaiting the mentor's review.
    reports = []
    monday = term_start - dt.timedelta(days=term_start.weekday())
    last_monday = today - dt.timedelta(days=today.weekday() + 7)
    for p in placements:
        week = monday
        while week <= last_monday:
            pending = week == last_monday and p.pk == demo_placement.pk
            reports.append(
                WeeklyReport(
                    placement=p,
                    kind="weekly",
                    period_start=week,
                    period_end=week + dt.timedelta(days=6),
                    due_at=_aware(week + dt.timedelta(days=8), 23, 59),
                    tasks=rng.choice(
                        ["完成控制柜接线 3 台，参与通电调试。", "跟随师傅完成产线点检。", "整理检验记录并录入系统。"]
                    ),
                    learnt=rng.choice(
                        ["掌握了 PLC 梯形图的基本调试方法。", "理解了 5S 现场管理要求。", "学会了使用千分尺测量。"]
                    ),
                    problems="" if rng.random() < 0.6 else "对变频器参数设置还不熟悉。",
                    hours=Decimal(40),
                    status="submitted" if pending else "approved",
                    submitted_at=_aware(week + dt.timedelta(days=5), 18),
                    score=None if pending else rng.choice([80, 85, 88, 90, 92]),
                    review_comment="" if pending else "记录具体，继续保持。",
                    reviewed_by=None if pending else p.enterprise_mentor,
                    reviewed_at=None if pending else _aware(week + dt.timedelta(days=7), 10),
                )
            )
            week += dt.timedelta(days=7)
    ctx.bulk(WeeklyReport, reports)

    # ---- A completed placement from last term, evaluated and graded (statistics and grades have data).
    previous = (
        Student.objects.filter(pk__in=student_ids).exclude(pk__in=[p.student_id for p in placements]).order_by("pk")[:6]
    )
    for k, student in enumerate(previous):
        done = Placement.objects.create(
            student=student,
            position=demo_positions[-1],
            school=school,
            enterprise=enterprise,
            school_mentor=demo_teacher,
            enterprise_mentor=mentor_user,
            start_date=term_start - dt.timedelta(days=220),
            end_date=term_start - dt.timedelta(days=40),
            status="completed",
            source="application",
            hired_by_host=k % 2 == 0,
            qr_secret=secrets.token_hex(16),
            started_at=now,
            ended_at=now,
            final_grade=Decimal(rng.choice([78, 82, 86, 90])),
            grade_breakdown={"weights": {"enterprise": 0.4, "school": 0.3, "reports": 0.2, "attendance": 0.1}},
        )
        from .models import Evaluation

        for kind, total in (("enterprise_mentor", 88), ("school_mentor", 84), ("student", 90)):
            Evaluation.objects.create(placement=done, evaluator_kind=kind, scores={}, total=Decimal(total), comment="")

    # ---- The demo student's mentors: school mentor evaluates mid-term; the student rated the mentor.
    svc.mentor_training_record(
        actor=actor_for(mentor_user),
        course="企业导师带徒能力培训",
        provider="市职教集团",
        completed_on=today - dt.timedelta(days=90),
        hours=Decimal(16),
    )
    from .models import LeaveRequest, MentorRating

    MentorRating.objects.create(placement=demo_placement, mentor_kind="enterprise", score=5, comment="耐心细致")
    LeaveRequest.objects.create(
        placement=demo_placement,
        start_date=days[-8] if len(days) > 8 else term_start,
        end_date=days[-8] if len(days) > 8 else term_start,
        reason="回校参加技能证书考试",
        status="approved",
        decided_by=mentor_user,
        decided_at=now,
    )

    # ---- A planned placement still missing insurance and the student's confirmation (shows the start gate).
    waiting = (
        Student.objects.filter(pk__in=student_ids)
        .exclude(pk__in=[p.student_id for p in placements])
        .exclude(pk__in=[s.pk for s in previous])
        .order_by("pk")
        .first()
    )
    if waiting is not None:
        planned = svc.placement_create(
            actor=school_admin,
            student=waiting,
            position=demo_positions[-1],
            start_date=today + dt.timedelta(days=10),
            end_date=today + dt.timedelta(days=190),
        )
        svc.placement_assign_mentor(actor=school_admin, placement=planned, school_mentor_id=demo_teacher.pk)
        svc.agreement_generate(actor=school_admin, placement=planned)

    # ---- Violations and alerts: a long evening shift at one host, an incident, a student who left the post.
    night_host = round_placements[3] if len(round_placements) > 3 else demo_placement
    lat, lon = float(night_host.position.latitude), float(night_host.position.longitude)
    day = days[-1]
    CheckIn.objects.create(
        placement=night_host,
        client_key=f"demo-night-out-{night_host.pk}",
        direction="out",
        occurred_at=_aware(day, 23, 10),
        work_date=day,
        latitude=Decimal(str(round(lat, 6))),
        longitude=Decimal(str(round(lon, 6))),
        accuracy_m=15,
        distance_m=10,
        within_geofence=True,
        device_hash=f"demo-device-{night_host.pk}",
    )
    att.attendance_compliance_check(actor=school_admin, placement=night_host)
    alerts.incident_report(
        actor=actor_for(mentor_user),
        placement=demo_placement,
        kind="injury",
        severity="minor",
        occurred_at=_aware(days[-4], 10, 30),
        description="搬运料箱时手指轻微划伤，已在厂医务室处理。",
    )
    if len(round_placements) > 4:
        alerts.left_post_report(actor=school_admin, placement=round_placements[4], note="下午未请假离岗，电话未接。")
    for p in Placement.objects.filter(status="active", school=school).select_related(
        "student", "school", "school_mentor__user", "enterprise_mentor"
    ):
        alerts.scan_placement(p, today)
    del rep

    # ---- The internship plan the demo class's placements belong to (实习计划), running, with its rules.
    from .services import plans

    cohort_ids = sorted(
        {c for c in Placement.objects.filter(school=school).values_list("student__cohort_id", flat=True) if c}
    )
    if cohort_ids:
        plan = plans.plan_create(
            actor=school_admin,
            title="岗位实习（本学期）",
            kind="post",
            start_date=term_start - dt.timedelta(days=30),
            end_date=today + dt.timedelta(days=200),
            min_weeks=24,
            cohort_ids=cohort_ids,
            mentor_ids=[demo_teacher.pk],
            min_weekly_reports=16,
            min_report_chars=200,
            final_report_template="一、实习单位与岗位概况\n二、主要工作内容\n三、收获与不足\n四、对专业学习的建议",
            final_report_due=today + dt.timedelta(days=210),
            checkin_photo="optional",  # a photo of the workplace with a check-in, as 工学云 offers
        )
        plans.plan_set_status(actor=school_admin, plan=plan, status="open")
    _demo_photos(demo_placement, rng)

    ctx.log(
        f"placements: {len(positions) + 2} positions, round {rnd.pk} placed"
        f" {rnd.stats.get('placed')} of {rnd.stats.get('students')}, "
        f"{Placement.objects.count()} placements, {len(checkins)} check-ins, {len(reports)} reports"
    )
