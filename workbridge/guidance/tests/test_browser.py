"""Guidance in Chromium, in Chinese: a student on a phone says the week was hard and asks for a talk; the school
mentor (desktop) sees the flagged week and the request, sets a time and follows up."""

import pytest

from workbridge.core.roles import Role
from workbridge.guidance.models import CounsellingRequest, WellbeingCheck


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_hard_week_reaches_the_school_mentor(world, page_for, screenshot_dir):
    phone = page_for(world.users[Role.STUDENT].username, width=375, height=812)
    phone.goto(f"{phone.base_url}/guidance/")
    assert phone.inner_text("h1") == "指导与关怀"
    phone.check("#wellbeing input[name=w-mood][value='2']")
    phone.check("#wellbeing input[name=w-wants_talk]")
    phone.fill("#wellbeing textarea[name=w-note]", "这周连着加班，有点想家。")
    with phone.expect_navigation():
        phone.click("#wellbeing button[type=submit]")
    assert "导师" in phone.inner_text(".messages")
    phone.check("#counselling input[name=c-kind][value=career]")
    phone.fill("#counselling textarea[name=c-wish]", "想了解专升本。")
    with phone.expect_navigation():
        phone.click("#counselling button[type=submit]")
    phone.screenshot(path=str(screenshot_dir / "guidance-student-375.png"), full_page=True)
    assert WellbeingCheck.objects.get().flagged and CounsellingRequest.objects.count() == 1

    desk = page_for(world.users[Role.TEACHER].username, width=1280, height=900)
    desk.goto(f"{desk.base_url}/guidance/wellbeing/")
    assert world.student1.name in desk.inner_text("#flagged")
    with desk.expect_navigation():
        desk.click("#flagged button[type=submit]")
    assert WellbeingCheck.objects.get().seen_at is not None
    desk.goto(f"{desk.base_url}/guidance/counselling/")
    request = CounsellingRequest.objects.get()
    desk.fill(f"#request-{request.pk} input[type=datetime-local]", "2030-01-08T15:00")
    with desk.expect_navigation():
        desk.click(f"#request-{request.pk} form button")
    request.refresh_from_db()
    assert request.status == "scheduled" and request.counsellor_id == world.teacher1.pk
    desk.screenshot(path=str(screenshot_dir / "guidance-counselling-1280.png"), full_page=True)
