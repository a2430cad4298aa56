"""Browser walk-through in Debian's Chromium: log in per role, dashboards, language switch, Excel import."""

import pytest

from workbridge.academics.models import Student
from workbridge.core.roles import Role


@pytest.mark.browser
def test_roles_dashboards_and_language_switch(world, page_for, screenshot_dir):
    page = page_for("w_school_admin_1")
    assert page.locator("h1").first.inner_text() == "工作台"
    assert page.locator(".card").count() >= 4
    page.screenshot(path=str(screenshot_dir / "h1-dashboard-school-admin-zh.png"), full_page=True)
    page.click("button[data-lang=en]")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").first.inner_text() == "Dashboard"
    assert "Enrolled students" in page.content()
    page.screenshot(path=str(screenshot_dir / "h1-dashboard-school-admin-en.png"), full_page=True)
    page.click("button[data-lang=zh-hans]")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").first.inner_text() == "工作台"

    for username, name in (
        ("w_enterprise_admin_1", "enterprise-admin"),
        ("w_authority_officer_1", "authority"),
        ("w_student_1", "student"),
        ("w_teacher_1", "teacher"),
    ):
        other = page_for(username, width=375, height=800)
        assert other.locator("h1").first.inner_text() == "工作台"
        other.screenshot(path=str(screenshot_dir / f"h1-dashboard-{name}-375.png"), full_page=True)


@pytest.mark.browser
def test_import_students_through_the_page(world, page_for, screenshot_dir, tmp_path):
    from workbridge.academics.tests.test_import_corpus import good_rows, xlsx

    good = tmp_path / "students.xlsx"
    good.write_bytes(xlsx(good_rows(world, 5)))
    rows = good_rows(world, 2, start=10)
    rows[1][3] = "469999"
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx(rows))

    page = page_for("w_school_admin_1")
    page.goto(f"{page.base_url}/imports/students/")
    page.set_input_files("input[type=file]", str(bad))
    page.click("#import-preview")
    page.wait_for_selector(".errors-table")
    assert "469999" in page.inner_text(".errors-table")
    page.screenshot(path=str(screenshot_dir / "h1-import-errors.png"), full_page=True)

    page.set_input_files("input[type=file]", str(good))
    page.click("#import-preview")
    page.wait_for_selector(".preview-table")
    assert page.locator(".preview-table tbody tr").count() == 5
    page.screenshot(path=str(screenshot_dir / "h1-import-preview.png"), full_page=True)
    assert Student.objects.filter(student_number__startswith="2025").count() == 0
    page.click("#import-commit")
    page.wait_for_selector("#import-done")
    assert Student.objects.filter(student_number__startswith="2025").count() == 5
    page.click("#import-done a")
    page.wait_for_load_state("networkidle")
    assert "导入学生3" in page.content()
    page.screenshot(path=str(screenshot_dir / "h1-students-after-import.png"), full_page=True)

    phone = page_for("w_school_admin_1", width=375, height=800)
    phone.goto(f"{phone.base_url}/academics/students/")
    phone.screenshot(path=str(screenshot_dir / "h1-students-375.png"), full_page=True)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 380, f"the student list overflows a 375 px screen ({width}px)"


@pytest.mark.browser
def test_enterprise_registration_and_review_pages(world, page_for, screenshot_dir, browser, live_server):
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{live_server.url}/organizations/register/")
    page.screenshot(path=str(screenshot_dir / "h1-register-375.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 380
    context.close()
    reviewer = page_for("w_school_admin_1")
    reviewer.goto(f"{reviewer.base_url}/organizations/vetting/")
    reviewer.screenshot(path=str(screenshot_dir / "h1-vetting-queue.png"), full_page=True)
    reviewer.goto(f"{reviewer.base_url}/organizations/{world.enterprise1.pk}/")
    assert world.enterprise1.credit_code in reviewer.content()
    reviewer.screenshot(path=str(screenshot_dir / "h1-enterprise-detail.png"), full_page=True)
    assert world.users[Role.SCHOOL_ADMIN]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [375, 1280])
def test_list_page_offers_xlsx_and_csv_export(world, page_for, screenshot_dir, width):
    page = page_for(world.users[Role.SCHOOL_ADMIN].username, width=width)
    page.goto(f"{page.base_url}/academics/departments/")
    assert page.locator("[data-export]").is_visible() and page.locator("[data-export-csv]").is_visible()
    assert page.locator("[data-export-csv]").inner_text().strip() == "导出 .csv"
    page.screenshot(path=str(screenshot_dir / f"list-export-csv-{width}.png"), full_page=True)
    with page.expect_download() as download:
        page.click("[data-export-csv]")
    assert download.value.suggested_filename.endswith(".csv")
