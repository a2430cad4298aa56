"""The research factories build valid problems, proposals, projects and what hangs off a project."""

import pytest

from workbridge.core.roles import OrgKind
from workbridge.research.models import ProposalStatus, RndStatus
from workbridge.research.tests.factories import (
    ProposalFactory,
    RndMemberFactory,
    RndMilestoneFactory,
    RndOutcomeFactory,
    RndProjectFactory,
    RndStudentFactory,
    TechnicalProblemFactory,
)

pytestmark = pytest.mark.django_db


def test_technical_problem_is_posted_by_an_enterprise():
    problem = TechnicalProblemFactory()
    problem.full_clean()
    assert problem.enterprise.kind == OrgKind.ENTERPRISE and problem.budget_yuan > 0


def test_proposal_is_led_by_a_teacher_of_the_proposing_school():
    proposal = ProposalFactory()
    proposal.full_clean()
    assert proposal.status == ProposalStatus.SUBMITTED
    assert proposal.school.kind == OrgKind.SCHOOL and proposal.lead.school == proposal.school
    assert proposal.enterprise == proposal.problem.enterprise


def test_rnd_project_and_its_parts():
    project = RndProjectFactory()
    project.full_clean()
    assert project.status == RndStatus.ACTIVE and project.end_date >= project.start_date
    assert project.school.kind == OrgKind.SCHOOL and project.enterprise.kind == OrgKind.ENTERPRISE
    assert RndProjectFactory(school=project.school).contract_number != project.contract_number

    member = RndMemberFactory(project=project)
    student = RndStudentFactory(project=project)
    milestone = RndMilestoneFactory(project=project)
    outcome = RndOutcomeFactory(project=project)
    for row in (member, student, milestone, outcome):
        row.full_clean()
    assert member.teacher.school == project.school and student.student.school == project.school
    assert outcome.achieved_on >= project.start_date
    assert list(project.outcomes.all()) == [outcome]


def test_standalone_member_and_student_follow_their_projects_school():
    member, student = RndMemberFactory(), RndStudentFactory()
    assert member.teacher.school == member.project.school
    assert student.student.school == student.project.school
