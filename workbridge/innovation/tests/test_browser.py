"""Innovation bases in Chromium, in Chinese: a teacher records an award on a venture's page (desktop); a team
member reads the venture on a phone."""

import datetime as dt

import pytest

from workbridge.core.roles import Role
from workbridge.innovation import services
from workbridge.innovation.models import Award


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_teacher_records_an_award_and_the_team_reads_it(world, page_for, screenshot_dir):
    base = services.base_create(actor=world.users[Role.SCHOOL_ADMIN], name="双创实践基地", kind="practice_base")
    venture = services.venture_create(
        actor=world.users[Role.SCHOOL_ADMIN], base=base, title="设备点检小程序", started_on=dt.date(2026, 3, 1)
    )
    services.venture_member_add(
        actor=world.users[Role.SCHOOL_ADMIN], venture=venture, student_id=world.student1.pk, role="负责人"
    )
    desk = page_for(world.users[Role.TEACHER].username, width=1280, height=900)
    desk.goto(f"{desk.base_url}/innovation/ventures/{venture.pk}/")
    desk.fill("#awards input[name=competition]", "中国国际大学生创新大赛（省赛）")
    desk.select_option("#awards select[name=level]", "provincial")
    desk.fill("#awards input[name=prize]", "银奖")
    with desk.expect_navigation():
        desk.click("#awards button[type=submit]")
    assert Award.objects.get().prize == "银奖"
    assert "省级" in desk.inner_text("#awards")
    desk.screenshot(path=str(screenshot_dir / "innovation-venture-1280.png"), full_page=True)
    phone = page_for(world.users[Role.STUDENT].username, width=375, height=812)
    phone.goto(f"{phone.base_url}/innovation/")
    phone.click("#ventures a")
    assert "银奖" in phone.inner_text("#awards")
    assert phone.locator("#awards form").count() == 0
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 377, f"the page scrolls sideways at 375 px ({width})"
    phone.screenshot(path=str(screenshot_dir / "innovation-venture-375.png"), full_page=True)
