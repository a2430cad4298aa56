"""Joint enrolment (issue 13.3): a plan approved by both parties, applications, two-sided selection with quota and
waiting list, forming the class (a cooperation project with the members as participants) with a three-party
apprenticeship agreement each, withdrawals and replacements with their history; who sees and who may do what."""

import datetime as dt

import pytest
from django.utils import timezone

from workbridge.academics.tests.factories import StudentFactory
from workbridge.core.exceptions import (
    Conflict,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from workbridge.core.models import AuditLog
from workbridge.core.roles import Role
from workbridge.enrolment import selectors, services
from workbridge.enrolment.engines.selection import outcome
from workbridge.enrolment.models import ApplicationStatus, ChangeKind, PlanStatus
from workbridge.enrolment.pdfs import agreement_pdf
from workbridge.organizations.models import Membership
from workbridge.organizations.tests.factories import UserFactory
from workbridge.partnerships.models import ProjectParticipant
from workbridge.partnerships.tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreement(world):
    return AgreementFactory(school=world.school1, enterprise=world.enterprise1, status="active")


def _draft(world, agreement, **extra):
    today = timezone.localdate()
    data = {
        "agreement_id": agreement.pk,
        "name": "2026级数控技术订单班",
        "year": 2026,
        "kind": "order_class",
        "major_ids": [world.major1.pk],
        "quota": 5,
        "criteria": "品行端正，热爱制造业",
        "target_posts": "数控车工\n加工中心操作工",
        "opens_on": today - dt.timedelta(days=1),
        "closes_on": today + dt.timedelta(days=30),
        "monthly_stipend": 1500,
        "posts_on_graduation": 5,
    } | extra
    return services.plan_create(actor=world.users[Role.SCHOOL_ADMIN], **data)


@pytest.fixture
def plan(world, agreement):
    plan = _draft(world, agreement)
    services.plan_approve(actor=world.users[Role.SCHOOL_ADMIN], plan=plan)
    return services.plan_approve(actor=world.users[Role.ENTERPRISE_ADMIN], plan=plan)


def _student_user(world, student):
    user = UserFactory(username=f"s_{student.student_number}")
    membership = Membership.objects.create(user=user, organization=world.school1, role=Role.STUDENT)
    user.current_membership = membership
    user.save(update_fields=["current_membership"])
    student.user = user
    student.save(update_fields=["user"])
    return user


def _applicants(world, plan, n):
    """n students of the major, each applied (the world's student first)."""
    users = [world.users[Role.STUDENT]]
    for i in range(n - 1):
        student = StudentFactory(
            school=world.school1, major=world.major1, birth_date=dt.date(2004, 1, 1), student_number=f"S9{i:03d}"
        )
        users.append(_student_user(world, student))
    return [services.application_submit(actor=u, plan=plan, statement="想当数控技师") for u in users]


def _both_select(world, application, grade=None):
    services.application_decide(
        actor=world.users[Role.TEACHER], application=application, selected=True, grade_average=grade
    )
    return services.application_decide(
        actor=world.users[Role.ENTERPRISE_MENTOR], application=application, selected=True
    )


def test_the_selection_engine():
    assert outcome("selected", "selected", 4, 5) == "admitted"
    assert outcome("selected", "selected", 5, 5) == "waitlisted"
    assert outcome("selected", "pending", 0, 5) == "applied"
    assert outcome("not_selected", "selected", 0, 5) == "not_selected"


def test_a_plan_needs_a_live_agreement_and_majors_of_the_school(world, agreement):
    with pytest.raises(ValidationFailed):
        _draft(world, AgreementFactory(school=world.school1, enterprise=world.enterprise1, status="draft"))
    with pytest.raises(ValidationFailed):
        _draft(world, agreement, major_ids=[world.major2.pk])
    with pytest.raises(ValidationFailed):  # an order class has at least five places
        _draft(world, agreement, quota=3)
    with pytest.raises(PermissionDenied):
        services.plan_create(
            actor=world.users[Role.TEACHER],
            agreement_id=agreement.pk,
            name="x",
            year=2026,
            kind="order_class",
            major_ids=[world.major1.pk],
            quota=5,
            criteria="x",
            target_posts="x",
            opens_on=dt.date(2026, 1, 1),
            closes_on=dt.date(2026, 2, 1),
        )


def test_both_parties_approve_before_students_see_the_plan(world, agreement):
    plan = _draft(world, agreement)
    student = world.users[Role.STUDENT]
    assert not selectors.plan_list(actor=student).filter(pk=plan.pk).exists()
    services.plan_approve(actor=world.users[Role.SCHOOL_ADMIN], plan=plan)
    with pytest.raises(PermissionDenied):  # the school approves once
        services.plan_approve(actor=world.users[Role.SCHOOL_ADMIN], plan=plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT
    services.plan_approve(actor=world.users[Role.ENTERPRISE_ADMIN], plan=plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED
    assert selectors.plan_list(actor=student).filter(pk=plan.pk).exists()
    # Another region sees nothing of it.
    assert not selectors.plan_list(actor=world.other[Role.SCHOOL_ADMIN]).filter(pk=plan.pk).exists()
    assert not selectors.plan_list(actor=world.other[Role.STUDENT]).filter(pk=plan.pk).exists()


def test_one_application_per_student_and_withdrawal_before_selection(world, plan):
    student = world.users[Role.STUDENT]
    application = services.application_submit(actor=student, plan=plan, statement="我喜欢数控加工")
    with pytest.raises(Conflict):
        services.application_submit(actor=student, plan=plan, statement="再来一次")
    with pytest.raises(PermissionDenied):  # another student cannot withdraw it
        services.application_withdraw(actor=world.users[Role.TEACHER], application=application)
    services.application_withdraw(actor=student, application=application)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    with pytest.raises(NotFound):  # the other region's student does not reach the plan
        selectors.plan_get(actor=world.other[Role.STUDENT], pk=plan.pk)


def test_students_of_other_majors_and_closed_windows_are_refused(world, agreement):
    plan = _draft(
        world,
        agreement,
        opens_on=timezone.localdate() + dt.timedelta(days=3),
        closes_on=timezone.localdate() + dt.timedelta(days=10),
    )
    services.plan_approve(actor=world.users[Role.SCHOOL_ADMIN], plan=plan)
    plan = services.plan_approve(actor=world.users[Role.ENTERPRISE_ADMIN], plan=plan)
    assert plan.status == PlanStatus.PUBLISHED
    with pytest.raises(InvalidTransition):
        services.application_submit(actor=world.users[Role.STUDENT], plan=plan, statement="早了")


def test_both_sides_select_quota_then_waiting_list(world, plan):
    applications = _applicants(world, plan, 7)
    admitted = [_both_select(world, a) for a in applications[:5]]
    assert {a.status for a in admitted} == {ApplicationStatus.ADMITTED}
    sixth = services.application_decide(actor=world.users[Role.TEACHER], application=applications[5], selected=True)
    assert sixth.status == ApplicationStatus.APPLIED  # the enterprise has not decided yet
    sixth = services.application_decide(
        actor=world.users[Role.ENTERPRISE_ADMIN], application=applications[5], selected=True
    )
    assert sixth.status == ApplicationStatus.WAITLISTED
    refused = services.application_decide(
        actor=world.users[Role.ENTERPRISE_ADMIN], application=applications[6], selected=False
    )
    assert refused.status == ApplicationStatus.NOT_SELECTED
    with pytest.raises(InvalidTransition):  # decided applications stay decided
        services.application_decide(actor=world.users[Role.TEACHER], application=refused, selected=True)
    with pytest.raises(PermissionDenied):  # a student does not select
        services.application_decide(actor=world.users[Role.STUDENT], application=applications[0], selected=True)


def test_minimum_grade_and_interview(world, agreement):
    plan = _draft(world, agreement, minimum_grade=75, interview_required=True)
    services.plan_approve(actor=world.users[Role.SCHOOL_ADMIN], plan=plan)
    plan = services.plan_approve(actor=world.users[Role.ENTERPRISE_ADMIN], plan=plan)
    application = services.application_submit(actor=world.users[Role.STUDENT], plan=plan, statement="申请")
    with pytest.raises(ValidationFailed):
        services.application_decide(actor=world.users[Role.TEACHER], application=application, selected=True)
    with pytest.raises(ValidationFailed):
        services.application_decide(
            actor=world.users[Role.TEACHER], application=application, selected=True, grade_average=70
        )
    services.application_decide(
        actor=world.users[Role.TEACHER], application=application, selected=True, grade_average=82
    )
    with pytest.raises(ValidationFailed):
        services.application_decide(actor=world.users[Role.ENTERPRISE_ADMIN], application=application, selected=True)
    done = services.application_decide(
        actor=world.users[Role.ENTERPRISE_ADMIN], application=application, selected=True, interview_passed=True
    )
    assert done.status == ApplicationStatus.ADMITTED and done.grade_average == 82


def _formed(world, plan, n=7):
    applications = _applicants(world, plan, n)
    for a in applications[:6]:
        _both_select(world, a)
    services.application_decide(actor=world.users[Role.TEACHER], application=applications[6], selected=False)
    services.plan_start_selection(actor=world.users[Role.ENTERPRISE_ADMIN], plan=plan)
    return services.plan_form_class(actor=world.users[Role.SCHOOL_ADMIN], plan=plan), applications


def test_forming_the_class_makes_a_project_with_members_and_agreements(world, plan):
    with pytest.raises(InvalidTransition):
        services.plan_form_class(actor=world.users[Role.SCHOOL_ADMIN], plan=plan)  # still open
    formed, applications = _formed(world, plan)
    assert formed.status == PlanStatus.FORMED
    project = formed.project
    assert project.project_type == "order_class" and project.status == "running"
    members = set(ProjectParticipant.objects.filter(project=project).values_list("student_id", flat=True))
    assert members == {a.student_id for a in applications[:5]}
    agreement = applications[0].__class__.objects.get(pk=applications[0].pk).agreement
    assert agreement.version == 1 and len(agreement.content_hash) == 16
    assert agreement.terms["monthly_stipend"] == 1500
    assert agreement_pdf(agreement).startswith(b"%PDF")
    assert AuditLog.objects.filter(action="enrolment.class_formed").exists()
    assert selectors.history(actor=world.users[Role.SCHOOL_ADMIN], plan=formed).filter(kind="joined").count() == 5


def test_forming_waits_for_every_decision(world, plan):
    applications = _applicants(world, plan, 2)
    _both_select(world, applications[0])
    services.plan_start_selection(actor=world.users[Role.SCHOOL_ADMIN], plan=plan)
    with pytest.raises(InvalidTransition):
        services.plan_form_class(actor=world.users[Role.SCHOOL_ADMIN], plan=plan)
    with pytest.raises(InvalidTransition):  # no withdrawing once the selection runs
        services.application_withdraw(actor=world.users[Role.STUDENT], application=applications[0])
    with pytest.raises(PermissionDenied):
        services.plan_form_class(actor=world.users[Role.ENTERPRISE_ADMIN], plan=plan)


def test_each_party_confirms_the_agreement_and_a_minor_needs_the_guardian(world, plan):
    student = world.student1
    student.birth_date = timezone.localdate() - dt.timedelta(days=365 * 16 + 10)
    student.save(update_fields=["birth_date"])
    formed, applications = _formed(world, plan)
    agreement = selectors.agreement_get(actor=world.users[Role.STUDENT], pk=applications[0].agreement.pk)
    assert agreement.guardian_required
    services.agreement_confirm(actor=world.users[Role.STUDENT], agreement=agreement, version=1)
    services.agreement_confirm(actor=world.users[Role.ENTERPRISE_ADMIN], agreement=agreement, version=1)
    with pytest.raises(Conflict):  # the version read must be the current one
        services.agreement_confirm(actor=world.users[Role.TEACHER], agreement=agreement, version=2)
    services.agreement_confirm(actor=world.users[Role.TEACHER], agreement=agreement, version=1)
    agreement.refresh_from_db()
    assert not agreement.fully_confirmed
    with pytest.raises(ValidationFailed):
        services.agreement_confirm(actor=world.users[Role.SCHOOL_ADMIN], agreement=agreement, version=1)
    services.agreement_confirm(
        actor=world.users[Role.SCHOOL_ADMIN], agreement=agreement, version=1, guardian_name="李父"
    )
    agreement.refresh_from_db()
    assert agreement.fully_confirmed and agreement.guardian_name == "李父"
    with pytest.raises(PermissionDenied):
        services.agreement_confirm(actor=world.users[Role.ENTERPRISE_MENTOR], agreement=agreement, version=1)
    with pytest.raises(NotFound):
        selectors.agreement_get(actor=world.other[Role.ENTERPRISE_ADMIN], pk=agreement.pk)


def test_a_member_leaves_and_the_waiting_list_fills_the_place(world, plan):
    formed, applications = _formed(world, plan)
    leaving, waiting = applications[1], applications[5]
    with pytest.raises(Conflict):  # the class is full
        services.place_fill(actor=world.users[Role.SCHOOL_ADMIN], plan=formed)
    with pytest.raises(ValidationFailed):  # "other" needs a note
        services.member_leave(actor=world.users[Role.ENTERPRISE_ADMIN], application=leaving, reason="other")
    services.member_leave(actor=world.users[Role.ENTERPRISE_ADMIN], application=leaving, reason="health", note="转学")
    leaving.refresh_from_db()
    assert leaving.status == ApplicationStatus.LEFT and leaving.agreement.ended_at is not None
    assert not ProjectParticipant.objects.filter(project=formed.project, student_id=leaving.student_id).exists()
    with pytest.raises(PermissionDenied):  # the school fills places
        services.place_fill(actor=world.users[Role.ENTERPRISE_ADMIN], plan=formed)
    filled = services.place_fill(actor=world.users[Role.SCHOOL_ADMIN], plan=formed)
    assert filled.pk == waiting.pk and filled.status == ApplicationStatus.ADMITTED
    assert filled.agreement.version == 1
    change = selectors.history(actor=world.users[Role.SCHOOL_ADMIN], plan=formed).get(kind=ChangeKind.REPLACEMENT)
    assert change.replaces_id == leaving.pk
    left = selectors.history(actor=world.users[Role.SCHOOL_ADMIN], plan=formed).get(kind=ChangeKind.LEFT)
    assert left.reason == "health"
    assert AuditLog.objects.filter(action="enrolment.member_left").exists()
    with pytest.raises(Conflict):  # nobody left on the waiting list
        services.member_leave(actor=world.users[Role.SCHOOL_ADMIN], application=applications[0], reason="academic")
        services.place_fill(actor=world.users[Role.SCHOOL_ADMIN], plan=formed)
    services.plan_close(actor=world.users[Role.SCHOOL_ADMIN], plan=formed)
    formed.refresh_from_db()
    assert formed.status == PlanStatus.CLOSED


def test_the_api_twins(world, plan, api_client_for):
    student = api_client_for(world.users[Role.STUDENT])
    response = student.post(f"/api/v1/enrolment/plans/{plan.pk}/apply/", {"statement": "想学数控"}, format="json")
    assert response.status_code == 201, response.content
    application_id = response.json()["id"]
    assert (
        student.post(f"/api/v1/enrolment/plans/{plan.pk}/apply/", {"statement": "x"}, format="json").status_code == 409
    )
    teacher = api_client_for(world.users[Role.TEACHER])
    listed = teacher.get(f"/api/v1/enrolment/plans/{plan.pk}/applications/").json()
    assert [a["id"] for a in listed] == [application_id]
    response = teacher.post(
        f"/api/v1/enrolment/applications/{application_id}/decide/", {"selected": True}, format="json"
    )
    assert response.status_code == 200 and response.json()["school_decision"] == "selected"
    mentor = api_client_for(world.users[Role.ENTERPRISE_MENTOR])
    response = mentor.post(
        f"/api/v1/enrolment/applications/{application_id}/decide/", {"selected": True}, format="json"
    )
    assert response.json()["status"] == "admitted"
    admin = api_client_for(world.users[Role.SCHOOL_ADMIN])
    assert admin.post(f"/api/v1/enrolment/plans/{plan.pk}/selection/").status_code == 200
    response = admin.post(f"/api/v1/enrolment/plans/{plan.pk}/form/")
    assert response.status_code == 200 and response.json()["status"] == "formed"
    assert admin.post(f"/api/v1/enrolment/plans/{plan.pk}/nonsense/").status_code == 404
    other = api_client_for(world.other[Role.SCHOOL_ADMIN])
    assert other.get(f"/api/v1/enrolment/plans/{plan.pk}/").status_code == 404
    response = admin.post("/api/v1/enrolment/plans/", {"name": "缺字段"}, format="json")
    assert response.status_code == 400


def test_the_dashboard_says_what_waits_for_whom(world, agreement):
    from workbridge.enrolment.dashboard import todos

    plan = _draft(world, agreement)
    assert selectors.waiting_for(actor=world.users[Role.ENTERPRISE_ADMIN])["approvals"] == 1
    services.plan_approve(actor=world.users[Role.SCHOOL_ADMIN], plan=plan)
    assert selectors.waiting_for(actor=world.users[Role.SCHOOL_ADMIN])["approvals"] == 0
    plan = services.plan_approve(actor=world.users[Role.ENTERPRISE_ADMIN], plan=plan)
    application = services.application_submit(actor=world.users[Role.STUDENT], plan=plan, statement="申请")
    assert selectors.waiting_for(actor=world.users[Role.TEACHER])["decisions"] == 1
    assert selectors.waiting_for(actor=world.users[Role.ENTERPRISE_MENTOR])["decisions"] == 1
    assert selectors.waiting_for(actor=world.other[Role.TEACHER])["decisions"] == 0
    _both_select(world, application)
    services.plan_start_selection(actor=world.users[Role.SCHOOL_ADMIN], plan=plan)
    services.plan_form_class(actor=world.users[Role.SCHOOL_ADMIN], plan=plan)
    assert [t.count for t in todos(world.users[Role.STUDENT]) if t.count] == [1]
