"""The joint enrolment pages call the same services as the API and show each party only its own next step."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from workbridge.core.roles import Role
from workbridge.enrolment import services
from workbridge.enrolment.models import EnrolmentApplication, EnrolmentPlan
from workbridge.partnerships.tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_plan_goes_from_draft_to_a_formed_class_through_the_pages(world):
    agreement = AgreementFactory(school=world.school1, enterprise=world.enterprise1, status="active")
    admin = _client(world.users[Role.SCHOOL_ADMIN])
    page = admin.get("/enrolment/")
    assert page.status_code == 200 and "new-plan" in page.content.decode()
    today = timezone.localdate()
    response = admin.post(
        "/enrolment/",
        {
            "agreement_id": agreement.pk,
            "name": "2026级机电订单班",
            "kind": "order_class",
            "year": 2026,
            "major_ids": [world.major1.pk],
            "quota": 5,
            "criteria": "热爱制造业",
            "monthly_stipend": 1200,
            "posts_on_graduation": 5,
            "target_posts": "设备维修工",
            "opens_on": today.isoformat(),
            "closes_on": (today + dt.timedelta(days=20)).isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = EnrolmentPlan.objects.get()
    admin.post(f"/enrolment/plans/{plan.pk}/approve/")
    _client(world.users[Role.ENTERPRISE_ADMIN]).post(f"/enrolment/plans/{plan.pk}/approve/")
    plan.refresh_from_db()
    assert plan.status == "published"
    student = _client(world.users[Role.STUDENT])
    body = student.get(f"/enrolment/plans/{plan.pk}/").content.decode()
    assert 'id="apply"' in body and 'id="applications"' not in body
    student.post(f"/enrolment/plans/{plan.pk}/apply/", {"statement": "我想学设备维修"})
    application = EnrolmentApplication.objects.get()
    teacher = _client(world.users[Role.TEACHER])
    teacher.post(f"/enrolment/applications/{application.pk}/decide/", {"selected": "1", "grade_average": "80"})
    mentor = _client(world.users[Role.ENTERPRISE_MENTOR])
    mentor.post(f"/enrolment/applications/{application.pk}/decide/", {"selected": "1", "interview_passed": "true"})
    application.refresh_from_db()
    assert application.status == "admitted" and application.interview_passed is True
    admin.post(f"/enrolment/plans/{plan.pk}/selection/")
    admin.post(f"/enrolment/plans/{plan.pk}/form/")
    plan.refresh_from_db()
    assert plan.status == "formed"
    body = admin.get(f"/enrolment/plans/{plan.pk}/").content.decode()
    assert 'id="members"' in body and "李同学1" in body
    agreement_page = student.get(f"/enrolment/agreements/{application.agreement.pk}/")
    assert agreement_page.status_code == 200 and "agreement-confirm" not in agreement_page.content.decode()
    assert 'action="/enrolment/agreements/' in agreement_page.content.decode()
    pdf = student.get(f"/enrolment/agreements/{application.agreement.pk}/agreement.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    student.post(f"/enrolment/agreements/{application.agreement.pk}/confirm/", {"version": "1"})
    application.agreement.refresh_from_db()
    assert application.agreement.student_confirmed_at is not None
    admin.post(f"/enrolment/applications/{application.pk}/leave/", {"reason": "health", "note": ""})
    application.refresh_from_db()
    assert application.status == "left"
    assert "健康" in admin.get(f"/enrolment/plans/{plan.pk}/").content.decode()


def test_the_other_region_gets_404(world):
    agreement = AgreementFactory(school=world.school1, enterprise=world.enterprise1, status="active")
    plan = services.plan_create(
        actor=world.users[Role.SCHOOL_ADMIN],
        agreement_id=agreement.pk,
        name="学徒班",
        year=2026,
        kind="apprenticeship",
        major_ids=[world.major1.pk],
        quota=2,
        criteria="x",
        target_posts="装配钳工",
        opens_on=dt.date(2026, 1, 1),
        closes_on=dt.date(2027, 1, 1),
    )
    assert _client(world.other[Role.ENTERPRISE_ADMIN]).get(f"/enrolment/plans/{plan.pk}/").status_code == 404
    assert _client(world.users[Role.STUDENT]).get(f"/enrolment/plans/{plan.pk}/").status_code == 404  # a draft
