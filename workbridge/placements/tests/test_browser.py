"""A student's day on a phone (check in with a mocked location, also offline; write the weekly report) and a
mentor's review."""

import datetime as dt

import pytest
from django.utils import timezone

from workbridge.placements.models import CheckIn, WeeklyReport

from .conftest import go_offline, go_online, make_active_placement


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_student_day_on_a_phone_then_mentor_review(setup, page_for, screenshot_dir):
    placement = make_active_placement(setup, days_ago=10)
    page = page_for(setup.student_user.username, width=375, height=800)
    page.context.grant_permissions(["geolocation"], origin=page.base_url)
    page.context.set_geolocation(
        {
            "latitude": float(placement.position.latitude) + 0.0004,
            "longitude": float(placement.position.longitude),
            "accuracy": 12,
        }
    )
    page.goto(f"{page.base_url}/placements/my/")
    page.click("#checkin-button")
    page.wait_for_selector("[data-checkin-status].good")
    first = CheckIn.objects.get(placement=placement)
    assert first.within_geofence and 35 <= first.distance_m <= 55 and not first.offline
    # the new check-in tops the list at once, as a reload would show it (time in the school's zone, a badge)
    top = page.locator("[data-checkin-list] li").first
    assert top.get_attribute("data-checkin-id") == str(first.pk)
    local = timezone.localtime(first.occurred_at)
    assert top.inner_text().startswith(local.strftime("%m-%d %H:%M")) and top.locator(".badge.good").count() == 1
    page.screenshot(path=str(screenshot_dir / "placements-student-day-375.png"), full_page=True)

    # Offline: the check-in is kept in the browser with its time and sent once the network is back.
    go_offline(page)
    page.check("input[name=direction][value=out]")
    page.click("#checkin-button")
    page.wait_for_selector("[data-checkin-status].warn")
    assert page.evaluate("window.WorkBridgeCheckin.queue().length") == 1
    assert CheckIn.objects.filter(placement=placement).count() == 1
    go_online(page.context)
    page.evaluate("window.WorkBridgeCheckin.flush()")
    page.wait_for_function("() => window.WorkBridgeCheckin.queue().length === 0")
    second = CheckIn.objects.get(placement=placement, direction="out")
    assert second.offline and second.occurred_at <= timezone.now()
    assert page.locator("[data-checkin-list] li").first.get_attribute("data-checkin-id") == str(second.pk)
    assert page.locator("[data-checkin-list] li").count() == 2
    # Sending the same queued item again (a retry) adds nothing.
    assert CheckIn.objects.filter(placement=placement).count() == 2

    page.fill("#report-form textarea[name=tasks]", "完成两台控制柜接线，参与通电调试。")
    page.fill("#report-form textarea[name=learnt]", "掌握了 PLC 输入输出接线的检查方法。")
    page.fill("#report-form input[name=hours]", "38")
    page.click("#report-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    report = WeeklyReport.objects.get(placement=placement)
    assert report.status == "submitted" and report.hours == 38
    assert report.period_start == timezone.localdate() - dt.timedelta(days=timezone.localdate().weekday())
    page.screenshot(path=str(screenshot_dir / "placements-student-report-375.png"), full_page=True)

    mentor = page_for(setup.mentor.username)
    mentor.goto(f"{mentor.base_url}/placements/reviews/")
    row = f"#report-{report.pk}"
    mentor.fill(f"{row} input[name=score]", "88")
    mentor.fill(f"{row} textarea[name=comment]", "记录清楚，下周重点学习变频器。")
    mentor.click(f"{row} button[value=approve]")
    mentor.wait_for_selector(f"{row}:not(:has(form))")
    mentor.screenshot(path=str(screenshot_dir / "placements-mentor-review.png"), full_page=True)
    report.refresh_from_db()
    assert report.status == "approved" and report.score == 88 and report.reviewed_by_id == setup.mentor.pk
