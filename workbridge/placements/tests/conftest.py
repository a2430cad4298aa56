import datetime as dt
from types import SimpleNamespace

import pytest

from workbridge.core.roles import Role


@pytest.fixture
def rules(db):
    """The compliance rule sets loaded into their tables, as a deployment does (manage.py load_rules)."""
    from workbridge.compliance.services import rulesets_load_all

    rulesets_load_all()


@pytest.fixture
def setup(world, rules):
    """world + an approved position at enterprise 1 reviewed by school 1, and an enterprise mentor."""
    from .factories import PositionFactory

    position = PositionFactory(enterprise=world.enterprise1, reviewed_by_school=world.school1, status="approved")
    return SimpleNamespace(
        world=world,
        position=position,
        student=world.student1,
        student_user=world.users[Role.STUDENT],
        school_admin=world.users[Role.SCHOOL_ADMIN],
        teacher_user=world.users[Role.TEACHER],
        ent_admin=world.users[Role.ENTERPRISE_ADMIN],
        mentor=world.users[Role.ENTERPRISE_MENTOR],
    )


def make_ready_placement(s, *, start=None):
    """A planned placement with mentors, training, insurance and a fully confirmed agreement."""
    from workbridge.placements import services as svc

    from .factories import PlacementFactory

    start = start or s.position.start_date
    placement = PlacementFactory(
        student=s.student, position=s.position, start_date=start, end_date=start + dt.timedelta(days=120)
    )
    svc.placement_assign_mentor(actor=s.school_admin, placement=placement, school_mentor_id=s.world.teacher1.pk)
    svc.placement_assign_mentor(actor=s.ent_admin, placement=placement, enterprise_mentor_id=s.mentor.pk)
    for kind in ("safety", "job"):
        svc.training_record(
            actor=s.school_admin,
            placement=placement,
            kind=kind,
            held_on=start - dt.timedelta(days=3),
            hours=4,
            trainer="安全科",
        )
    svc.insurance_record(
        actor=s.school_admin,
        placement=placement,
        policy_number="PICC-2026-001",
        insurer="中国人保",
        cover_start=start - dt.timedelta(days=1),
        cover_end=placement.end_date + dt.timedelta(days=1),
    )
    svc.agreement_generate(actor=s.school_admin, placement=placement)
    svc.agreement_confirm(actor=s.school_admin, placement=placement)
    svc.agreement_confirm(actor=s.ent_admin, placement=placement)
    svc.agreement_confirm(actor=s.student_user, placement=placement)
    placement.refresh_from_db()
    return placement


def make_active_placement(s, *, days_ago=30):
    from workbridge.placements import services as svc

    placement = make_ready_placement(s, start=dt.date.today() - dt.timedelta(days=days_ago))
    return svc.placement_start(actor=s.school_admin, placement=placement)


CHECKIN_API_PATTERN = "**/api/v1/placements/checkins/**"


def _refuse_as_offline(route):
    route.abort("internetdisconnected")


def go_offline(page):
    """Take the phone off the network and wait until the page knows it.

    Chromium's offline emulation alone let a queued check-in reach the server now and then in loaded CI runs
    (2 of 5 full runs, never alone): a page can hear a stray "online" event, or a request can leave through the
    service worker, which the emulation does not cover. The check-in route is refused as a phone without a network
    refuses it, so "offline" in these tests means what it means on a phone: nothing sent arrives."""
    page.context.route(CHECKIN_API_PATTERN, _refuse_as_offline)
    page.context.set_offline(True)
    page.wait_for_function("() => !navigator.onLine")


def go_online(context):
    context.unroute(CHECKIN_API_PATTERN, _refuse_as_offline)
    context.set_offline(False)
