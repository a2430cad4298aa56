"""Innovation and entrepreneurship bases (issue 13.4): bases with sponsors, student ventures with teams, mentors,
milestones, awards and incubated companies; who sees and who keeps them up to date."""

import datetime as dt

import pytest

from workbridge.core.exceptions import PermissionDenied, ValidationFailed
from workbridge.core.models import AuditLog
from workbridge.core.roles import Role
from workbridge.innovation import selectors, services

pytestmark = pytest.mark.django_db


@pytest.fixture
def venture(world):
    admin = world.users[Role.SCHOOL_ADMIN]
    base = services.base_create(actor=admin, name="双创基地", kind="practice_base", sponsor_id=world.enterprise1.pk)
    venture = services.venture_create(
        actor=world.users[Role.TEACHER], base=base, title="视觉检测小盒子", school_mentor_id=world.teacher1.pk
    )
    services.venture_member_add(actor=admin, venture=venture, student_id=world.student1.pk, role="负责人")
    return venture


def test_a_venture_grows_to_a_registered_company_with_awards(world, venture):
    teacher = world.users[Role.TEACHER]
    milestone = services.milestone_add(actor=teacher, venture=venture, title="样机", due_on=dt.date(2026, 6, 1))
    services.milestone_done(actor=teacher, milestone=milestone)
    services.award_record(
        actor=teacher, venture=venture, competition="互联网+", level="provincial", prize="金奖", year=2026
    )
    with pytest.raises(ValidationFailed):  # a company needs its name and date
        services.venture_stage_set(actor=teacher, venture=venture, stage="incubated")
    services.venture_stage_set(
        actor=teacher,
        venture=venture,
        stage="incubated",
        company_name="嘉兴视检科技有限公司",
        company_registered_on=dt.date(2026, 9, 1),
        jobs_created=6,
    )
    outcomes = selectors.outcomes(actor=world.users[Role.SCHOOL_ADMIN])
    assert outcomes["companies"] == 1 and outcomes["jobs"] == 6 and outcomes["ventures"] == 1
    assert AuditLog.objects.filter(action="innovation.stage_set").exists()


def test_who_sees_a_venture(world, venture):
    for role in (Role.SCHOOL_ADMIN, Role.TEACHER, Role.STUDENT, Role.ENTERPRISE_ADMIN, Role.AUTHORITY_OFFICER):
        assert list(selectors.venture_list(actor=world.users[role])) == [venture], role
    for role in (Role.SCHOOL_ADMIN, Role.STUDENT, Role.ENTERPRISE_ADMIN):
        assert not selectors.venture_list(actor=world.other[role]).exists(), role


def test_only_the_schools_staff_keep_it_up_to_date(world, venture):
    for user in (world.users[Role.STUDENT], world.users[Role.ENTERPRISE_ADMIN], world.other[Role.SCHOOL_ADMIN]):
        with pytest.raises(PermissionDenied):
            services.award_record(
                actor=user, venture=venture, competition="x", level="school", prize="一等奖", year=2026
            )
    with pytest.raises(ValidationFailed):  # another school's student
        services.venture_member_add(actor=world.users[Role.SCHOOL_ADMIN], venture=venture, student_id=world.student2.pk)
    with pytest.raises(PermissionDenied):
        services.base_create(actor=world.users[Role.TEACHER], name="x", kind="incubator")


def test_the_api_twins(world, venture, api_client_for):
    client = api_client_for(world.users[Role.TEACHER])
    answer = client.post(
        f"/api/v1/innovation/ventures/{venture.pk}/award/",
        {"competition": "挑战杯", "level": "national", "prize": "二等奖", "year": 2026},
        format="json",
    )
    assert answer.status_code == 200
    assert client.post(f"/api/v1/innovation/ventures/{venture.pk}/fly/", {}, format="json").status_code == 404
    refused = api_client_for(world.users[Role.STUDENT]).post(
        f"/api/v1/innovation/ventures/{venture.pk}/stage/", {"stage": "market"}, format="json"
    )
    assert refused.status_code == 403


def test_pages(world, venture, client):
    client.force_login(world.users[Role.SCHOOL_ADMIN])
    assert client.get("/innovation/").status_code == 200
    page = client.get(f"/innovation/ventures/{venture.pk}/").content.decode()
    assert "视觉检测小盒子" in page and 'name="competition"' in page, "the school admin gets the forms"
    client.force_login(world.users[Role.STUDENT])
    assert client.get(f"/innovation/ventures/{venture.pk}/").status_code == 200
    student_page = client.get(f"/innovation/ventures/{venture.pk}/").content.decode()
    assert 'name="competition"' not in student_page, "a team member reads, the school keeps it up to date"
