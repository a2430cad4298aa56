import datetime as dt

import pytest
from django.utils import timezone

from workbridge.academics.tests.factories import TeacherFactory
from workbridge.core.exceptions import Conflict, InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from workbridge.core.roles import Role
from workbridge.faculty.tests.factories import QualificationFactory
from workbridge.research import selectors, services
from workbridge.research.models import Proposal, RndMember

pytestmark = pytest.mark.django_db


def post_problem(world, user=None):
    return services.problem_post(
        actor=user or world.users[Role.ENTERPRISE_ADMIN],
        title="注塑件表面缺陷视觉检测",
        description="产线需要基于机器视觉和 PLC 的在线缺陷检测，熟悉 Python、OpenCV，工业机器人自动上下料。",
        respond_by=timezone.localdate() + dt.timedelta(days=30),
        budget_yuan=200000,
    )


@pytest.fixture
def teachers(world):
    vision = world.teacher1
    vision.expertise = "机器视觉、OpenCV 图像处理、Python 编程"
    vision.save()
    plc = TeacherFactory(school=world.school1, name="周老师", expertise="PLC 编程与调试，工业机器人")
    QualificationFactory(
        teacher=plc,
        name="工业机器人操作与运维",
        issuer="评价组织",
        certificate_number="",
        issued_on=dt.date(2022, 1, 1),
        expires_on=None,
        verified=True,
    )
    TeacherFactory(school=world.school1, name="钱老师", expertise="会计电算化、Excel")
    return vision, plc


def test_suggestions_rank_and_explain(world, teachers):
    vision, plc = teachers
    problem = post_problem(world)
    found = selectors.suggestions(actor=world.users[Role.SCHOOL_ADMIN], problem=problem)
    names = {v[0] for v in found["skills"].values()}
    assert {"PLC", "OpenCV", "工业机器人"} <= names
    ranked = [c.teacher_id for c in found["candidates"]]
    assert set(ranked) == {vision.pk, plc.pk}  # the accountant is not suggested
    plc_row = next(c for c in found["candidates"] if c.teacher_id == plc.pk)
    assert any("工业机器人操作与运维" in s for m in plc_row.matched for s in m.sources)
    assert {m.teacher_id for m in found["team"].members} == {vision.pk, plc.pk}
    # Another region's school cannot see the problem at all.
    with pytest.raises(NotFound):
        selectors.problem(actor=world.other[Role.SCHOOL_ADMIN], pk=problem.pk)


def test_proposal_contract_outcomes(world, teachers):
    vision, plc = teachers
    problem = post_problem(world)
    proposal = services.proposal_submit(
        actor=world.users[Role.TEACHER],
        problem_id=problem.pk,
        lead_id=vision.pk,
        team_ids=[plc.pk],
        approach="视觉+PLC 联调",
        price_yuan=180000,
        duration_days=120,
    )
    assert set(proposal.team.values_list("pk", flat=True)) == {vision.pk, plc.pk}
    with pytest.raises(Conflict):
        services.proposal_submit(
            actor=world.users[Role.SCHOOL_ADMIN],
            problem_id=problem.pk,
            lead_id=vision.pk,
            team_ids=[],
            approach="再来一次",
            price_yuan=1,
            duration_days=1,
        )
    with pytest.raises(ValidationFailed):
        services.proposal_submit(
            actor=world.users[Role.SCHOOL_ADMIN],
            problem_id=problem.pk,
            lead_id=world.teacher2.pk,
            team_ids=[],
            approach="x",
            price_yuan=1,
            duration_days=1,
        )
    with pytest.raises(PermissionDenied):
        services.proposal_accept(
            actor=world.users[Role.ENTERPRISE_MENTOR],
            proposal=proposal,
            contract_number="HX-1",
            signed_on=dt.date(2025, 1, 1),
            start_date=dt.date(2025, 1, 1),
            end_date=dt.date(2025, 6, 30),
        )
    project = services.proposal_accept(
        actor=world.users[Role.ENTERPRISE_ADMIN],
        proposal=proposal,
        contract_number="HX-1",
        signed_on=dt.date(2025, 1, 1),
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2025, 6, 30),
    )
    assert project.contract_value_yuan == 180000
    assert RndMember.objects.filter(project=project).count() == 2
    problem.refresh_from_db()
    assert problem.status == "contracted"
    with pytest.raises(InvalidTransition):
        services.proposal_submit(
            actor=world.users[Role.SCHOOL_ADMIN],
            problem_id=problem.pk,
            lead_id=vision.pk,
            team_ids=[],
            approach="x",
            price_yuan=1,
            duration_days=1,
        )
    services.milestone_add(
        actor=world.users[Role.TEACHER], project_id=project.pk, title="样机验收", due_date=dt.date(2025, 4, 1)
    )
    services.outcome_record(
        actor=world.users[Role.ENTERPRISE_ADMIN],
        project_id=project.pk,
        kind="process",
        title="检测工序改进",
        achieved_on=dt.date(2025, 6, 1),
        cost_saved_yuan=350000,
    )
    services.outcome_record(
        actor=world.users[Role.TEACHER],
        project_id=project.pk,
        kind="patent",
        title="一种注塑件视觉检测装置",
        reference="ZL2025XXXXXXXX.X",
        achieved_on=dt.date(2025, 6, 20),
        revenue_yuan=0,
    )
    services.student_add(
        actor=world.users[Role.SCHOOL_ADMIN], project_id=project.pk, student_id=world.student1.pk, duty="数据标注"
    )
    with pytest.raises(ValidationFailed):
        services.outcome_record(
            actor=world.users[Role.TEACHER],
            project_id=project.pk,
            kind="patent",
            title="x",
            achieved_on=dt.date(2025, 6, 1),
            revenue_yuan=-5,
        )
    with pytest.raises(ValidationFailed) as before_start:
        services.outcome_record(
            actor=world.users[Role.TEACHER],
            project_id=project.pk,
            kind="paper",
            title="x",
            achieved_on=dt.date(2024, 12, 31),
        )
    assert "achieved_on" in before_start.value.errors
    with pytest.raises(NotFound):
        services.outcome_record(
            actor=world.other[Role.SCHOOL_ADMIN],
            project_id=project.pk,
            kind="paper",
            title="x",
            achieved_on=dt.date(2025, 6, 1),
        )
    totals = selectors.outcome_totals(actor=world.users[Role.AUTHORITY_OFFICER])
    assert totals["saved"] == 350000 and totals["by_kind"] == {"process": 1, "patent": 1} and totals["students"] == 1
    assert selectors.outcome_totals(actor=world.other[Role.AUTHORITY_OFFICER])["saved"] == 0
    # The student sees the project they work on; the enterprise now sees that student.
    assert selectors.projects(actor=world.users[Role.STUDENT]).count() == 1


def test_api_problem_suggestions_and_scope(world, teachers, api_client_for):
    ent = api_client_for(world.users[Role.ENTERPRISE_ADMIN])
    resp = ent.post(
        "/api/v1/research/problems/",
        {
            "title": "PLC 改造",
            "description": "PLC 编程，工业机器人",
            "respond_by": (timezone.localdate() + dt.timedelta(days=10)).isoformat(),
            "budget_yuan": "5000",
        },
        format="json",
    )
    assert resp.status_code == 201, resp.json()
    pk = resp.json()["id"]
    sug = api_client_for(world.users[Role.SCHOOL_ADMIN]).get(f"/api/v1/research/problems/{pk}/suggestions/").json()
    assert sug["candidates"][0]["name"] == "周老师" and sug["candidates"][0]["matched"]
    assert api_client_for(world.other[Role.SCHOOL_ADMIN]).get(f"/api/v1/research/problems/{pk}/").status_code == 404
    assert api_client_for(world.other[Role.ENTERPRISE_ADMIN]).get(f"/api/v1/research/problems/{pk}/").status_code == 404
    assert (
        api_client_for(world.users[Role.TEACHER]).post("/api/v1/research/problems/", {}, format="json").status_code
        == 400
    )
    prop = api_client_for(world.users[Role.TEACHER]).post(
        "/api/v1/research/proposals/",
        {
            "problem": pk,
            "lead": teachers[1].pk,
            "team": [],
            "approach": "方案",
            "price_yuan": "4800",
            "duration_days": 30,
        },
        format="json",
    )
    assert prop.status_code == 201, prop.json()
    acc = ent.post(
        f"/api/v1/research/proposals/{prop.json()['id']}/accept/",
        {"contract_number": "C-9", "signed_on": "2025-02-01", "start_date": "2025-02-01", "end_date": "2025-03-01"},
        format="json",
    )
    assert acc.status_code == 201 and Proposal.objects.get().status == "accepted"


def test_pages(client, world, teachers):
    problem = post_problem(world)
    client.force_login(world.users[Role.TEACHER])
    page = client.get(f"/research/problems/{problem.pk}/")
    assert page.status_code == 200 and 'id="suggestions"' in page.content.decode()
    client.force_login(world.users[Role.ENTERPRISE_ADMIN])
    assert client.get("/research/").status_code == 200
    client.force_login(world.other[Role.TEACHER])
    assert client.get(f"/research/problems/{problem.pk}/").status_code == 404


def test_other_region_gets_404_before_any_form_check(client, world, teachers, api_client_for):
    """Writes to another region's problem, proposal or project answer 404, even with an empty or bad form."""
    problem = post_problem(world)
    vision, _plc = teachers
    proposal = services.proposal_submit(
        actor=world.users[Role.SCHOOL_ADMIN],
        problem_id=problem.pk,
        lead_id=vision.pk,
        team_ids=[],
        approach="视觉检测方案",
        price_yuan=1000,
        duration_days=30,
    )
    project = services.proposal_accept(
        actor=world.users[Role.ENTERPRISE_ADMIN],
        proposal=proposal,
        contract_number="HX-9",
        signed_on=dt.date(2025, 1, 1),
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2025, 6, 30),
    )
    client.force_login(world.other[Role.SCHOOL_ADMIN])
    assert client.post(f"/research/problems/{problem.pk}/propose/", {}).status_code == 404
    assert client.post(f"/research/projects/{project.pk}/add/milestone/", {}).status_code == 404
    assert not project.milestones.exists()
    other_enterprise = api_client_for(world.other[Role.ENTERPRISE_ADMIN])
    assert (
        other_enterprise.post(f"/api/v1/research/proposals/{proposal.pk}/accept/", {}, format="json").status_code == 404
    )
