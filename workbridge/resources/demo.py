"""Demo region: training bases, labs and equipment of schools and partner enterprises, 90 days of bookings
with recorded use (some resources deliberately idle), upcoming approved and pending bookings.
Deterministic from ctx.rng and ctx.today; bulk writes (bookings, their slot rows, usage)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

ORDER = 52

SCHOOL_RESOURCES = [
    ("lab", "工业机器人实训室", 30, 1200000),
    ("lab", "PLC 与电气控制实训室", 40, 600000),
    ("room", "数控加工实训车间", 36, 2500000),
    ("equipment", "五轴加工中心", 4, 1800000),
    ("lab", "机器视觉检测实验室", 24, 450000),
    ("room", "智能仓储物流实训中心", 40, 900000),
    ("lab", "网络与云计算实训室", 50, 700000),
    ("lab", "老年照护实训室", 30, 350000),
    ("equipment", "三坐标测量机", 3, 800000),
    ("room", "新能源汽车维修实训车间", 32, 1500000),
]
ENTERPRISE_RESOURCES = [
    ("room", "企业培训中心多功能教室", 60, 200000),
    ("equipment", "柔性生产线(教学开放时段)", 12, 3000000),
    ("lab", "产品检测实验室", 10, 900000),
]
SLOTS = [(8, 10), (10, 12), (14, 16), (16, 18), (19, 21)]
PURPOSES = [
    "机电 2301 班 PLC 实训",
    "工业机器人考证培训",
    "企业新员工技能培训",
    "技能大赛集训",
    "1+X 证书考前训练",
    "教师企业实践项目验证",
    "数控加工课程实训",
    "校企联合课程实训",
]


def seed(ctx) -> None:
    from .models import Booking, BookingSlot, Resource, TrainingBase, UsageRecord

    rng, today = ctx.rng, ctx.today
    tz = timezone.get_current_timezone()
    partners: dict[int, list] = {}
    for agreement in ctx.shared.get("agreements", []):
        if agreement.status in ("signed", "active"):
            partners.setdefault(agreement.school_id, []).append(agreement.enterprise)
            partners.setdefault(agreement.enterprise_id, []).append(agreement.school)
    bases, resources = [], []
    owners = list(ctx.shared["schools"])
    hosting = []
    for school in ctx.shared["schools"]:
        for ent in partners.get(school.pk, [])[:2]:
            if ent not in hosting:
                hosting.append(ent)
    demo_enterprise = ctx.shared["demo_enterprise"]
    if demo_enterprise not in hosting:
        hosting.insert(0, demo_enterprise)
    owners += hosting
    plan = []
    for owner in owners:
        is_school = owner.kind == "school"
        base = TrainingBase(
            owner=owner,
            name=f"{owner.short_name or owner.name}{'产教融合实训基地' if is_school else '企业实践基地'}",
            kind="on_campus" if is_school else "off_campus",
            address=owner.address,
        )
        bases.append(base)
        catalogue = SCHOOL_RESOURCES if is_school else ENTERPRISE_RESOURCES
        picked = rng.sample(catalogue, min(len(catalogue), rng.randint(3, 6) if is_school else 2))
        plan.append((owner, base, picked))
    bases = ctx.bulk(TrainingBase, bases)
    for (owner, _b, picked), base in zip(plan, bases, strict=True):
        for kind, name, cap, value in picked:
            resources.append(
                Resource(
                    owner=owner,
                    base=base,
                    kind=kind,
                    name=name,
                    capacity=cap,
                    value_yuan=Decimal(value),
                    sharing=rng.choices(["partners", "group", "private"], weights=[6, 3, 1])[0],
                    weekly_open_hours=rng.choice([30, 40, 50]),
                    in_service_since=today - dt.timedelta(days=rng.randint(200, 2000)),
                    requires_approval=True,
                    description=f"{name}，可容纳 {cap} 人。",
                )
            )
    resources = ctx.bulk(Resource, resources)

    bookings, meta = [], []
    demo_school = ctx.shared["demo_school"]
    demo_seen = 0
    for res in resources:
        # About one resource in five is left (nearly) unused: the idle facilities the platform flags. The demo
        # school shows exactly one idle resource next to busy ones.
        activity = 0.0 if rng.random() < 0.2 else rng.uniform(0.15, 0.6)
        if res.owner_id == demo_school.pk:
            activity = 0.0 if demo_seen == 0 else max(activity, 0.3)
            demo_seen += 1
        users = [res.owner, *partners.get(res.owner_id, [])[:3]]
        for back in range(89, -15, -1):
            day = today - dt.timedelta(days=back)
            if day.weekday() >= 5:
                continue
            for start_h, end_h in SLOTS:
                if rng.random() >= activity / 2:
                    continue
                start = dt.datetime.combine(day, dt.time(start_h), tzinfo=tz)
                end = dt.datetime.combine(day, dt.time(end_h), tzinfo=tz)
                requester = rng.choice(users)
                if back > 0:
                    status = "approved" if rng.random() < 0.93 else "rejected"
                else:
                    status = "approved" if rng.random() < 0.7 else "pending"
                bookings.append(
                    Booking(
                        resource=res,
                        owner_id=res.owner_id,
                        requester_org=requester,
                        starts_at=start,
                        ends_at=end,
                        purpose=rng.choice(PURPOSES),
                        expected_users=max(1, min(res.capacity, rng.randint(res.capacity // 3 + 1, res.capacity))),
                        status=status,
                        decided_at=start - dt.timedelta(days=2) if status != "pending" else None,
                    )
                )
                meta.append(back > 0 and status == "approved")
    bookings = ctx.bulk(Booking, bookings)
    slots, usage = [], []
    for booking, past in zip(bookings, meta, strict=True):
        if booking.status in ("pending", "approved"):
            cursor = booking.starts_at
            while cursor < booking.ends_at:
                slots.append(BookingSlot(resource_id=booking.resource_id, booking=booking, starts_at=cursor))
                cursor += dt.timedelta(minutes=30)
        if past and rng.random() < 0.9:
            hours = Decimal(str(rng.choice([1.5, 2, 2, 2])))
            usage.append(
                UsageRecord(
                    booking=booking,
                    resource_id=booking.resource_id,
                    owner_id=booking.owner_id,
                    requester_org_id=booking.requester_org_id,
                    used_on=timezone.localtime(booking.starts_at).date(),
                    hours=hours,
                    users_count=max(1, booking.expected_users - rng.randint(0, 3)),
                    purpose=booking.purpose,
                )
            )
    ctx.bulk(BookingSlot, slots)
    ctx.bulk(UsageRecord, usage)
    ctx.log(
        f"  resources: {len(bases)} bases, {len(resources)} resources,"
        f" {len(bookings)} bookings, {len(usage)} usage records"
    )
