"""The R&D project page's API twins: milestones, the team's students, completing the project."""

import datetime as dt

import pytest

from workbridge.core.roles import Role
from workbridge.research import services
from workbridge.research.models import RndMilestone

from .test_services_api import post_problem

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(world):
    problem = post_problem(world)
    proposal = services.proposal_submit(
        actor=world.users[Role.TEACHER],
        problem_id=problem.pk,
        lead_id=world.teacher1.pk,
        team_ids=[],
        approach="视觉检测",
        price_yuan=100000,
        duration_days=120,
    )
    return services.proposal_accept(
        actor=world.users[Role.ENTERPRISE_ADMIN],
        proposal=proposal,
        contract_number="HX-9",
        signed_on=dt.date(2025, 1, 1),
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2025, 12, 31),
    )


def test_milestones_students_and_completion(world, project, api_client_for):
    enterprise = api_client_for(world.users[Role.ENTERPRISE_ADMIN])
    made = enterprise.post(
        f"/api/v1/research/projects/{project.pk}/milestones/",
        {"title": "样机联调", "due_date": "2025-06-30"},
        format="json",
    )
    assert made.status_code == 201, made.json()
    done = enterprise.post(f"/api/v1/research/milestones/{made.json()['id']}/done/", {}, format="json")
    assert done.status_code == 200 and done.json()["done_on"]
    assert RndMilestone.objects.get(pk=made.json()["id"]).done_on is not None

    school = api_client_for(world.users[Role.SCHOOL_ADMIN])
    joined = school.post(
        f"/api/v1/research/projects/{project.pk}/students/",
        {"student_id": world.student1.pk, "duty": "数据标注"},
        format="json",
    )
    assert joined.status_code == 201, joined.json()
    foreign = school.post(
        f"/api/v1/research/projects/{project.pk}/students/", {"student_id": world.student2.pk}, format="json"
    )
    assert foreign.status_code in (400, 403, 404)

    outsider = api_client_for(world.other[Role.ENTERPRISE_ADMIN])
    assert outsider.post(f"/api/v1/research/projects/{project.pk}/complete/", {}, format="json").status_code == 404
    closed = enterprise.post(f"/api/v1/research/projects/{project.pk}/complete/", {}, format="json")
    assert closed.status_code == 200 and closed.json()["status"] == "completed"
