"""Issue 15.8 (d): the cancel and end-early paths through the pages, as the school admin at desktop width and
the student on a phone, in Chinese; screenshots saved under test-output/screenshots/."""

import pytest

from workbridge.placements.models import Alert, Placement

from .conftest import make_active_placement


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_end_early_asks_for_a_reason_and_a_confirmation_then_the_school_reopens(setup, page_for, screenshot_dir):
    placement = make_active_placement(setup, days_ago=10)
    page = page_for(setup.school_admin.username, width=1280)
    asked = []
    page.on("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    page.goto(f"{page.base_url}/placements/placements/{placement.pk}/")
    page.click("summary:has-text('提前终止')")
    page.select_option("select[name=end_reason]", "student_left")
    page.fill("textarea[name=reason]", "连续三天未到岗，联系不上")
    page.screenshot(path=str(screenshot_dir / "placements-end-early-1280-zh.png"), full_page=True)
    page.click("form:has(select[name=end_reason]) button.danger")
    page.wait_for_load_state("networkidle")
    assert asked and "提前终止" in asked[0]
    placement.refresh_from_db()
    assert placement.status == "terminated" and placement.end_reason == "student_left"
    assert Alert.objects.filter(placement=placement, kind="left_post").exists()
    assert "学生擅自离岗" in page.inner_text("body")  # the ending, in words
    page.click("summary:has-text('恢复实习')")
    page.fill("form:has(button:has-text('恢复实习')) textarea[name=reason]", "误操作")
    page.click("form:has(textarea[name=reason]) button:has-text('恢复实习')")
    page.wait_for_load_state("networkidle")
    assert Placement.objects.get(pk=placement.pk).status == "active"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_planned_placement_is_cancelled_and_the_student_sees_why(setup, page_for, screenshot_dir):
    from .factories import PlacementFactory

    placement = PlacementFactory(student=setup.student, position=setup.position)
    page = page_for(setup.school_admin.username, width=1280)
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"{page.base_url}/placements/placements/{placement.pk}/")
    page.click("summary:has-text('取消该实习')")
    page.fill("form:has(button:has-text('取消实习')) textarea[name=reason]", "企业撤回了该岗位")
    page.click("button:has-text('取消实习')")
    page.wait_for_load_state("networkidle")
    assert Placement.objects.get(pk=placement.pk).end_reason == "cancelled"
    phone = page_for(setup.student_user.username, width=375, height=812)
    phone.goto(f"{phone.base_url}/placements/placements/{placement.pk}/")
    text = phone.inner_text("body")
    assert "开始前取消" in text and "企业撤回了该岗位" in text
    phone.screenshot(path=str(screenshot_dir / "placements-cancelled-375-zh.png"), full_page=True)
