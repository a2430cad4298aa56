"""Joint enrolment in Chromium, in Chinese: a student applies on a phone, the school and the enterprise select on a
desktop, the school's admin forms the class, and the student reads and confirms the apprenticeship agreement on
the phone."""

import datetime as dt

import pytest
from django.utils import timezone

from workbridge.core.roles import Role
from workbridge.enrolment import services
from workbridge.enrolment.models import EnrolmentApplication
from workbridge.partnerships.tests.factories import AgreementFactory


def _no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 377, f"the page scrolls sideways at 375 px ({width})"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_student_applies_both_sides_select_and_the_class_is_formed(world, page_for, screenshot_dir):
    agreement = AgreementFactory(school=world.school1, enterprise=world.enterprise1, status="active")
    today = timezone.localdate()
    plan = services.plan_create(
        actor=world.users[Role.SCHOOL_ADMIN],
        agreement_id=agreement.pk,
        name="2027级机电一体化订单班",
        year=2027,
        kind="order_class",
        major_ids=[world.major1.pk],
        quota=5,
        criteria="热爱制造业，专业课平均成绩 70 分以上",
        minimum_grade=70,
        target_posts="设备维修工\n自动化产线操作工",
        monthly_stipend=1800,
        posts_on_graduation=5,
        opens_on=today - dt.timedelta(days=2),
        closes_on=today + dt.timedelta(days=20),
    )
    services.plan_approve(actor=world.users[Role.SCHOOL_ADMIN], plan=plan)
    services.plan_approve(actor=world.users[Role.ENTERPRISE_ADMIN], plan=plan)

    phone = page_for(world.users[Role.STUDENT].username, width=375, height=812)
    phone.goto(f"{phone.base_url}/enrolment/")
    phone.click("#plans a")
    assert "每月 1800 元" in phone.inner_text("#plan-facts")
    phone.fill("#apply textarea[name=statement]", "我想毕业后到企业做设备维修")
    with phone.expect_navigation():
        phone.click("#apply button[type=submit]")
    assert "已报名" in phone.inner_text("#my-application")
    _no_sideways_scroll(phone)
    phone.screenshot(path=str(screenshot_dir / "enrolment-apply-375.png"), full_page=True)
    application = EnrolmentApplication.objects.get()

    teacher = page_for(world.users[Role.TEACHER].username, width=1280, height=900)
    teacher.goto(f"{teacher.base_url}/enrolment/plans/{plan.pk}/")
    teacher.fill(f"#application-{application.pk} input[name=grade_average]", "84")
    with teacher.expect_navigation():
        teacher.click(f"#application-{application.pk} button[type=submit]")
    mentor = page_for(world.users[Role.ENTERPRISE_MENTOR].username, width=1280, height=900)
    mentor.goto(f"{mentor.base_url}/enrolment/plans/{plan.pk}/")
    with mentor.expect_navigation():
        mentor.click(f"#application-{application.pk} button[type=submit]")
    assert "已录取" in mentor.inner_text(f"#application-{application.pk}")

    admin = page_for(world.users[Role.SCHOOL_ADMIN].username, width=1280, height=900)
    admin.goto(f"{admin.base_url}/enrolment/plans/{plan.pk}/")
    with admin.expect_navigation():
        admin.click("#plan-actions button:has-text('截止报名')")
    with admin.expect_navigation():
        admin.click("#plan-actions button:has-text('组建班级')")
    assert "已组班" in admin.inner_text("#plan-status")
    assert "李同学1" in admin.inner_text("#members")
    admin.screenshot(path=str(screenshot_dir / "enrolment-plan-formed-1280.png"), full_page=True)

    phone.goto(f"{phone.base_url}/enrolment/plans/{plan.pk}/")
    phone.click("#my-application a.button")
    assert "第 1 版" in phone.inner_text("main")
    with phone.expect_navigation():
        phone.click("#confirmations button[type=submit]")
    application.agreement.refresh_from_db()
    assert application.agreement.student_confirmed_at is not None
    assert phone.locator("#confirmations form").count() == 0
    _no_sideways_scroll(phone)
    phone.screenshot(path=str(screenshot_dir / "enrolment-agreement-375.png"), full_page=True)
