"""The home-page dual-qualified cards are cached, and a write behind them shows on the next look."""

import datetime as dt

import pytest

from workbridge.core.access import actor_for
from workbridge.core.roles import Role
from workbridge.faculty import dashboard, services
from workbridge.faculty.models import PracticeStatus, TeacherProfile
from workbridge.faculty.tests.factories import PracticeRecordFactory

pytestmark = pytest.mark.django_db


def _values(actor):
    return [(str(c.label), c.value) for c in dashboard.cards(actor)]


def test_a_write_changes_the_next_card(world):
    today = dt.date.today()
    TeacherProfile.objects.create(teacher=world.teacher1, school=world.school1, employment_start=dt.date(2010, 9, 1))
    PracticeRecordFactory(
        teacher=world.teacher1,
        enterprise=world.enterprise1,
        start_date=today - dt.timedelta(days=200),
        end_date=today - dt.timedelta(days=10),
        days=180,
        status=PracticeStatus.CONFIRMED,
    )
    qualification = services.qualification_add(
        actor=world.users[Role.TEACHER],
        teacher=world.teacher1,
        kind="skill_level",
        name="电工",
        level="intermediate",
        issuer="人社局",
        issued_on=dt.date(2020, 1, 1),
    )
    officer = actor_for(world.users[Role.AUTHORITY_OFFICER])
    before = _values(officer)
    assert before[0][1] == "0%" and _values(officer) == before  # the second look is the cached one
    services.qualification_verify(actor=world.users[Role.SCHOOL_ADMIN], qualification=qualification)
    assert _values(officer)[0][1] == "100%"
