import pytest

from workbridge.academics.models import Student
from workbridge.core.access import visible
from workbridge.core.roles import Role


@pytest.mark.django_db
def test_world_scopes_students_by_school(world):
    school_admin = world.users[Role.SCHOOL_ADMIN]
    assert list(visible(school_admin, Student.objects.all())) == [world.student1]
    assert list(visible(world.other[Role.STUDENT], Student.objects.all())) == [world.student2]
    assert list(visible(world.users[Role.ENTERPRISE_ADMIN], Student.objects.all())) == []
    assert visible(world.users[Role.PLATFORM_ADMIN], Student.objects.all()).count() == 2


@pytest.mark.django_db
def test_home_requires_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.browser
def test_login_page_renders_in_chromium(browser, live_server, screenshot_dir, world):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "w_school_admin_1")
    page.fill("input[name=password]", "pass-1234-word")
    page.click("#login-submit")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(screenshot_dir / "smoke-dashboard-375.png"), full_page=True)
    assert page.url.rstrip("/") == live_server.url, page.content()[:3000]
    context.close()
