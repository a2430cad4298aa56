import datetime as dt

import pytest

from workbridge.core.roles import Role
from workbridge.partnerships.models import Milestone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_partnership_page_timeline_and_htmx_milestone(page_for, pair, world, screenshot_dir):
    Milestone.objects.create(
        project=pair.project, title="首批学员入班", due_date=dt.date(2025, 10, 1), done_on=dt.date(2025, 9, 30)
    )
    admin = world.users[Role.SCHOOL_ADMIN]
    page = page_for(admin.username)
    page.goto(f"{page.base_url}/partnerships/pair/{world.school1.pk}/{world.enterprise1.pk}/")
    timeline = page.locator("#timeline")
    assert timeline.locator("[data-kind='agreement.signed']").count() == 1
    assert "首批学员入班" in timeline.inner_text()
    page.screenshot(path=str(screenshot_dir / "partnership-timeline-1280.png"), full_page=True)

    # The project page: add a milestone through htmx, the section updates in place.
    page.goto(f"{page.base_url}/partnerships/projects/{pair.project.pk}/")
    page.fill("#milestone-form input[name=title]", "企业课程模块开课")
    page.fill("#milestone-form input[name=due_date]", "2026-03-01")
    page.click("#milestone-form button[type=submit]")
    page.wait_for_selector("#milestones :text('企业课程模块开课')")
    assert Milestone.objects.filter(project=pair.project, title="企业课程模块开课").exists()

    # Phone width: the pair page has no horizontal scrolling.
    phone = page_for(admin.username, width=375, height=800)
    phone.goto(f"{phone.base_url}/partnerships/pair/{world.school1.pk}/{world.enterprise1.pk}/")
    width = phone.evaluate("document.documentElement.scrollWidth")
    phone.screenshot(path=str(screenshot_dir / "partnership-timeline-375.png"), full_page=True)
    assert width <= 375, width
    phone.goto(f"{phone.base_url}/partnerships/agreements/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    phone.screenshot(path=str(screenshot_dir / "partnership-agreements-375.png"), full_page=True)
