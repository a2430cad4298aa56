"""Employer feedback in Chromium, in Chinese: the enterprise's admin rates an intern on a phone; the school's admin
closes the round on a desktop and finds the capability below the threshold with its review task."""

import pytest

from workbridge.core.roles import Role
from workbridge.employer_feedback import selectors, services
from workbridge.employer_feedback.models import FeedbackForm, ReviewTask, RoundCapability

from .factories import TERM, due, host_interns


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_enterprise_rates_on_a_phone_and_the_school_sees_the_review(world, page_for, screenshot_dir):
    host_interns(world, 3)
    feedback_round = services.round_open(actor=world.users[Role.SCHOOL_ADMIN], term=TERM, closes_on=due())
    enterprise = world.users[Role.ENTERPRISE_ADMIN]
    first, *others = list(selectors.form_list(actor=enterprise, feedback_round=feedback_round))
    caps = list(RoundCapability.objects.filter(round=feedback_round, major=world.major1))
    for form in others:  # two answers given already
        services.form_submit(
            actor=enterprise,
            form=form,
            ratings={c.pk: 2 if c.key == "generic:safety" else 4 for c in caps},
            overall=4,
        )

    phone = page_for(enterprise.username, width=375, height=812)
    phone.goto(f"{phone.base_url}/employer-feedback/")
    assert "待填写的评价表" in phone.inner_text("#forms")
    phone.click(f"#forms a[href='/employer-feedback/forms/{first.pk}/']")
    assert "安全与规范意识" in phone.inner_text("#answer")
    for cap in caps:
        phone.check(f"input[name=capability_{cap.pk}][value='{3 if cap.key == 'generic:safety' else 5}']")
    phone.check("input[name=overall][value='5']")
    phone.fill("textarea[name=comment]", "动手能力强，安全规范意识需加强。")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 377, f"the form scrolls sideways at 375 px ({width})"
    phone.screenshot(path=str(screenshot_dir / "employer-feedback-form-375.png"), full_page=True)
    with phone.expect_navigation():
        phone.click("#answer button[type=submit]")
    first.refresh_from_db()
    assert first.status == "submitted" and first.overall == 5
    assert "李同学1" in phone.inner_text("#answered") and "总体 5/5" in phone.inner_text("#answered")

    desk = page_for(world.users[Role.SCHOOL_ADMIN].username, width=1280, height=900)
    desk.goto(f"{desk.base_url}/employer-feedback/rounds/{feedback_round.pk}/")
    with desk.expect_navigation():
        desk.click("#close-round button")
    task = ReviewTask.objects.get()
    assert task.capability.key == "generic:safety"
    figures = desk.inner_text("#figures")
    assert "安全与规范意识" in figures and "低于阈值" in figures
    assert "安全与规范意识" in desk.inner_text("#tasks")
    desk.fill("#tasks textarea[name=outcome]", "《电气安全》增加 8 学时现场规范训练。")
    with desk.expect_navigation():
        desk.click("#tasks button[type=submit]")
    task.refresh_from_db()
    assert task.status == "done"
    desk.screenshot(path=str(screenshot_dir / "employer-feedback-round-1280.png"), full_page=True)
    assert FeedbackForm.objects.filter(status="submitted").count() == 3
