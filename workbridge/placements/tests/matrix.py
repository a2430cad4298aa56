"""Matrix registrations for placement routes (see workbridge/core/matrix.py).

Each side of the world gets one complete internship, built through the app's services the way users build it:
enterprise N's approved position (reviewed by school N), student N's application, school N's matching round, an
active placement mentored by teacher N and enterprise N's mentor, a weekly report, a make-up check-in, a check-in
with a photo (photos optional on the placement) and a leave request awaiting decision, a left-post alert, and a
self-found proposal. Side 2's texts carry "乙" markers that no
side-1 page or API list may show.
"""

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from workbridge.core.matrix import Const, register_private_rows, register_route, register_sample
from workbridge.core.roles import Role
from workbridge.placements import models as m

SUFFIX = {1: "甲", 2: "乙"}


def _bundle(world, side: int) -> dict:
    """Every placement object of one side, made once per world (routes ask for them in any order)."""
    cache = world.__dict__.setdefault("_placements_matrix", {})
    if side in cache:
        return cache[side]
    from workbridge.placements import services as svc
    from workbridge.placements.services import alerts as alerts_svc
    from workbridge.placements.services import attendance as att_svc
    from workbridge.placements.services import reports as rep_svc
    from workbridge.placements.services import rounds as match_svc
    from workbridge.placements.tests.factories import PlacementFactory, PositionFactory

    users = world.users if side == 1 else world.other
    school, enterprise = getattr(world, f"school{side}"), getattr(world, f"enterprise{side}")
    student, teacher = getattr(world, f"student{side}"), getattr(world, f"teacher{side}")
    mark = SUFFIX[side]
    today = timezone.localdate()

    position = PositionFactory(
        enterprise=enterprise,
        reviewed_by_school=school,
        status=m.PositionStatus.APPROVED,
        title=f"机密岗位{mark}",
        workplace_address=f"机密地址{mark}",
    )
    application = svc.application_submit(actor=users[Role.STUDENT], position=position, cover_letter=f"机密求职信{mark}")
    rnd = match_svc.round_create(actor=users[Role.SCHOOL_ADMIN], title=f"机密轮次{mark}", position_ids=[position.pk])
    start = today - dt.timedelta(days=30)
    placement = PlacementFactory(
        student=student,
        position=position,
        status=m.PlacementStatus.ACTIVE,
        start_date=start,
        end_date=start + dt.timedelta(days=150),
        school_mentor=teacher,
        enterprise_mentor=users[Role.ENTERPRISE_MENTOR],
    )
    week = today - dt.timedelta(days=today.weekday() + 7)
    report = rep_svc.report_submit(
        actor=users[Role.STUDENT],
        placement=placement,
        period_start=week,
        tasks=f"机密周报{mark}",
        learnt="PLC 调试",
        hours=40,
    )
    checkin = att_svc.makeup_request(
        actor=users[Role.STUDENT], placement=placement, work_date=today - dt.timedelta(days=3), reason=f"机密补卡{mark}"
    )
    # a check-in with a photo (the placement's rule allows one), for the photo routes
    placement = att_svc.placement_set_photo_policy(
        actor=users[Role.SCHOOL_ADMIN], placement=placement, policy=m.PhotoPolicy.OPTIONAL
    )
    photo_checkin, _created = att_svc.checkin_record(
        actor=users[Role.STUDENT],
        placement=placement,
        client_key=f"matrix-photo-{side}",
        latitude=float(position.latitude),
        longitude=float(position.longitude),
        photo=_photo(),
    )
    leave = att_svc.leave_request(
        actor=users[Role.STUDENT],
        placement=placement,
        start_date=today + dt.timedelta(days=5),
        end_date=today + dt.timedelta(days=6),
        reason=f"机密请假{mark}",
    )
    alert = alerts_svc.left_post_report(
        actor=users[Role.ENTERPRISE_MENTOR], placement=placement, note=f"机密预警{mark}"
    )
    proposal = m.SelfFoundProposal.objects.create(
        student=student,
        school=school,
        enterprise=enterprise,
        title=f"机密自荐{mark}",
        occupation_code="6-31-01-03",
        workplace_address=f"机密自荐地址{mark}",
        latitude="30.2",
        longitude="120.2",
        monthly_pay=3500,
        shift_start=dt.time(8, 30),
        shift_end=dt.time(17, 30),
        start_date=today + dt.timedelta(days=200),
        end_date=today + dt.timedelta(days=300),
        reason="离家近",
    )
    from workbridge.placements.services import plans as plans_svc

    plan = plans_svc.plan_create(
        actor=users[Role.SCHOOL_ADMIN],
        title=f"机密实习计划{mark}",
        kind="post",
        start_date=start,
        end_date=start + dt.timedelta(days=150),
        cohort_ids=[student.cohort_id],
    )
    cache[side] = {
        "plan": plan,
        "position": position,
        "application": application,
        "round": rnd,
        "placement": placement,
        "report": report,
        "checkin": checkin,
        "photo_checkin": photo_checkin,
        "leave": leave,
        "alert": alert,
        "proposal": proposal,
    }
    return cache[side]


def _photo():
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (120, 160, 200)).save(out, format="JPEG")
    return SimpleUploadedFile("photo.jpg", out.getvalue(), content_type="image/jpeg")


SAMPLES = [
    ("position", m.Position, lambda p: p.title),
    ("application", m.Application, lambda a: a.cover_letter),
    ("round", m.MatchingRound, lambda r: r.title),
    ("placement", m.Placement, None),  # shows student 2's name, already a marker
    ("report", m.WeeklyReport, lambda r: r.tasks),
    ("checkin", m.CheckIn, lambda c: c.reason),
    ("leave", m.LeaveRequest, lambda lv: lv.reason),
    ("alert", m.Alert, lambda a: a.detail),
    ("proposal", m.SelfFoundProposal, lambda p: p.title),
    ("plan", m.InternshipPlan, lambda p: p.title),
]
for name, model, marker in SAMPLES:
    register_sample(
        f"placements_{name}", model=model, make=lambda w, side, name=name: _bundle(w, side)[name], marker=marker
    )
# a second check-in sample (no model: DRF routes keep resolving CheckIn to the make-up one above)
register_sample("placements_photo_checkin", make=lambda w, side: _bundle(w, side)["photo_checkin"])

register_private_rows(m.Position, lambda w: Q(enterprise__region=w.region2))
register_private_rows(m.MatchingRound, lambda w: Q(school__region=w.region2))

# Pages (<int:pk>; actions are POST-only, an unknown one is refused).
for route, sample in (
    ("position", "position"),
    ("position-edit", "position"),
    ("position-qr", "position"),
    ("position-action", "position"),
    ("application-action", "application"),
    ("self-found-decide", "proposal"),
    ("round", "round"),
    ("round-export", "round"),
    ("round-action", "round"),
    ("placement", "placement"),
    ("agreement-pdf", "placement"),
    ("agreement-attach", "placement"),
    ("agreement-document", "placement"),
    ("qr", "placement"),
    ("report-submit", "placement"),
    ("placement-action", "placement"),
    ("checkin-decide", "checkin"),
    ("checkin-photo", "photo_checkin"),
    ("leave-decide", "leave"),
    ("report-review", "report"),
    ("report-attachment", "report"),
    ("alert", "alert"),
    ("plan", "plan"),
):
    extra = {}
    if route == "position-action":
        extra["action"] = Const("approve")
    elif route == "application-action":
        extra["action"] = Const("accept")
    elif route == "round-action":
        extra["action"] = Const("compute")
    elif route == "placement-action":
        extra["action"] = Const("start")
    elif route in ("agreement-attach", "agreement-document"):
        extra["kind"] = Const("signed_scan")
    register_route(f"placements:{route}", pk=f"placements_{sample}", **extra)

# API viewsets (their pk resolves through the viewset's queryset model; named here too so the routes stay filled
# even if a viewset builds its queryset only in get_queryset).
for basename, sample in (
    ("position", "position"),
    ("application", "application"),
    ("round", "round"),
    ("placement", "placement"),
    ("report", "report"),
    ("alert", "alert"),
    ("plan", "plan"),
):
    register_route(f"placements-{basename}-*", pk=f"placements_{sample}")
register_private_rows(m.InternshipPlan, lambda w: Q(school__region=w.region2))
register_route("placements-checkin-photo", pk="placements_photo_checkin")
