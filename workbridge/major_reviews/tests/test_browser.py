"""Major reviews in Chromium, in Chinese (desktop, staff): the school's admin reads the evidence of a review a red
warning opened, proposes closing the major, records the decision and stops enrolment; the education authority
reads the region's open reviews."""

import pytest

from workbridge.core.roles import Role
from workbridge.labour_market import services as lm_services
from workbridge.labour_market.models import MajorWarning
from workbridge.major_reviews import services
from workbridge.major_reviews.models import MajorReview


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_school_decides_to_close_a_red_major_and_the_authority_reads_it(world, page_for, screenshot_dir):
    lm_services.warning_rules_load()
    warning = MajorWarning.objects.create(
        major=world.major1,
        year=2025,
        level="red",
        reasons=[
            {"key": "employment_rate", "status": "fail", "value": 0.42, "threshold": 0.6, "years": [2025]},
            {"key": "supply_ratio", "status": "fail", "value": 2.1, "threshold": 1.5, "years": [2025]},
        ],
    )
    review = services.review_open_for_warning(warning=warning)
    desk = page_for(world.users[Role.SCHOOL_ADMIN].username, width=1280, height=900)
    desk.goto(f"{desk.base_url}/major-reviews/")
    with desk.expect_navigation():
        desk.click("#reviews a")
    reasons = desk.inner_text("#reasons")
    assert "42%" in reasons and "60%" in reasons and "未达标" in reasons
    assert "暂无用人单位反馈" in desk.inner_text("#feedback")
    desk.select_option("#options select[name=p-kind]", "close")
    desk.fill("#options textarea[name=p-notes]", "明年起停止招生，在校学生按原方案教学直至毕业。")
    with desk.expect_navigation():
        desk.click("#options button[type=submit]")
    assert "撤销专业" in desk.inner_text("#options")
    desk.fill("#decision textarea[name=d-reasons]", "连续两年就业率低于六成，毕业生供给是本地岗位的两倍。")
    with desk.expect_navigation():
        desk.click("#decision button[type=submit]")
    follow_up = desk.inner_text("#follow-up")
    assert "停止招生" in follow_up and world.cohort1.name in follow_up
    with desk.expect_navigation():
        desk.click("#follow-up form button")
    assert "已停止招生" in desk.inner_text("#enrolling")
    world.major1.refresh_from_db()
    assert world.major1.is_active is False
    desk.screenshot(path=str(screenshot_dir / "major-review-1280.png"), full_page=True)
    assert MajorReview.objects.get(pk=review.pk).status == "decided"

    officer = page_for(world.users[Role.AUTHORITY_OFFICER].username, width=1280, height=900)
    officer.goto(f"{officer.base_url}/major-reviews/")
    listed = officer.inner_text("#reviews")
    assert world.major1.name in listed and world.school1.name in listed
    officer.screenshot(path=str(screenshot_dir / "major-reviews-region-1280.png"), full_page=True)
    with officer.expect_navigation():
        officer.click("#reviews a")
    assert officer.locator("form.form").count() == 0, "the authority reads; the school runs the review"
    officer.screenshot(path=str(screenshot_dir / "major-review-authority-1280.png"), full_page=True)
