"""Shared teaching resources in Chromium, in Chinese: a teacher contributes PLC courseware written with the
enterprise and uploads its first version (desktop); the enterprise's mentor finds it in the library on a phone and
downloads it, which counts one use for the enterprise."""

import pytest

from workbridge.core.roles import Role
from workbridge.teaching_resources.models import ResourceUse, TeachingResource

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_teacher_shares_courseware_and_the_enterprise_mentor_downloads_it(world, page_for, screenshot_dir, tmp_path):
    desk = page_for(world.users[Role.TEACHER].username, width=1280, height=900)
    desk.goto(f"{desk.base_url}/teaching-resources/")
    assert "还没有向您开放的资源" in desk.inner_text("#resources")
    desk.fill("#contribute input[name=r-title]", "PLC 编程与调试课件")
    desk.select_option("#contribute select[name=r-kind]", "courseware")
    desk.select_option("#contribute select[name=r-licence]", "internal")
    desk.select_option("#contribute select[name=r-co_contributor_ids]", [str(world.enterprise1.pk)])
    desk.select_option("#contribute select[name=r-course_ids]", [str(world.course1.pk)])
    with desk.expect_navigation():
        desk.click("#contribute button[type=submit]")
    item = TeachingResource.objects.get()
    assert list(item.co_contributors.all()) == [world.enterprise1]
    file = tmp_path / "PLC课件.pdf"
    file.write_bytes(PDF)
    desk.set_input_files("#versions input[type=file]", str(file))
    desk.fill("#versions input[name=note]", "初版")
    with desk.expect_navigation():
        desk.click("#versions button[type=submit]")
    assert "第 1 版" in desk.inner_text("#versions")
    assert "仅限本单位" in desk.inner_text(".facts")
    desk.screenshot(path=str(screenshot_dir / "teaching-resource-1280.png"), full_page=True)

    phone = page_for(world.users[Role.ENTERPRISE_MENTOR].username, width=375, height=812)
    phone.goto(f"{phone.base_url}/teaching-resources/?kind=courseware")
    assert "PLC 编程与调试课件" in phone.inner_text("#resources")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 377, f"the library scrolls sideways at 375 px ({width})"
    phone.screenshot(path=str(screenshot_dir / "teaching-resources-375.png"), full_page=True)
    phone.click("#resources a")
    href = phone.get_attribute("#versions a", "href")
    response = phone.request.get(f"{phone.base_url}{href}")  # the PDF opens inline; fetch it with the session
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert ResourceUse.objects.get().organization_id == world.enterprise1.pk

    other = page_for(world.other[Role.TEACHER].username, width=375, height=812)
    other.goto(f"{other.base_url}/teaching-resources/")
    assert "PLC 编程与调试课件" not in other.inner_text("main")
