"""Issue 15.8 (b): a school admin imports students from an .xlsx through the import pages (template, upload,
preview, commit), downloads the one-time account sheet, and a student logs in with it on a phone, is sent to the
first-password page, chooses a password and lands on the home page. In Chinese; the admin at desktop width (1280),
the student on a phone (375x812); screenshots under test-output/screenshots/journey-accounts-*.png.

The import itself makes the log-ins (StudentImporter.after_rows): the account page then has nobody left without
one and lists the import's sheet, which is what the admin downloads."""

import datetime as dt

import pytest
from openpyxl import load_workbook

from workbridge.academics.engines.identity import make_id_number
from workbridge.academics.models import AccountSheet, InitialCredential, Student
from workbridge.core.roles import Role
from workbridge.organizations.models import User

NEW_PASSWORD = "Hangzhou-Jidian-2026!"


def shot(page, screenshot_dir, step):
    page.screenshot(path=str(screenshot_dir / f"journey-accounts-{step}.png"), full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_import_students_hand_out_the_sheet_and_the_student_sets_a_password(
    world, browser, live_server, page_for, screenshot_dir, tmp_path
):
    admin = page_for(world.users[Role.SCHOOL_ADMIN].username, width=1280)

    # 1. The import page: download the Chinese template, fill two students in, upload it.
    admin.goto(f"{admin.base_url}/imports/students/")
    assert "导入" in admin.inner_text("h1")
    with admin.expect_download() as template_download:
        admin.click("a[data-template=zh]")
    template_path = tmp_path / "template.xlsx"
    template_download.value.save_as(template_path)
    workbook = load_workbook(template_path)
    sheet = workbook.active
    headers = [cell.value for cell in sheet[1]]
    assert headers[:4] == ["学号*", "姓名*", "身份证号*", "专业代码*"], headers
    people = [
        ("2025030101", "陈小雨", make_id_number("330106", dt.date(2007, 6, 18), 101), "2025级机电3班", "2025", "2"),
        ("2025030102", "周子涵", make_id_number("330106", dt.date(2007, 9, 2), 202), "2025级机电3班", "2025", "2"),
    ]
    column = {name.rstrip("*"): index for index, name in enumerate(headers, start=1)}
    # Typed from row 2 on, as in Excel (the template pre-formats 1000 empty rows as text, so append() would land
    # after them).
    for at, (number, name, id_number, cohort, intake, year) in enumerate(people, start=2):
        for header, value in (
            ("学号", number),
            ("姓名", name),
            ("身份证号", id_number),
            ("专业代码", world.major1.code),
            ("班级", cohort),
            ("入学年份", intake),
            ("年级", year),
        ):
            sheet.cell(row=at, column=column[header], value=value)
    upload = tmp_path / "学生名单.xlsx"
    workbook.save(upload)
    admin.set_input_files("input[type=file][name=file]", str(upload))
    admin.click("#import-preview")
    admin.wait_for_selector(".preview-table")
    preview = admin.inner_text("#import-result")
    assert "陈小雨" in preview and "周子涵" in preview and "共 2 行" in preview and "新增 2 行" in preview, preview
    first_row = admin.locator(".preview-table tbody tr").first.locator("td")
    assert first_row.nth(0).inner_text() == "2" and first_row.nth(2).inner_text() == "2025030101"
    assert "1015" in first_row.nth(4).inner_text() and "2007" not in first_row.nth(4).inner_text()  # ID masked
    assert not Student.objects.filter(student_number__in=[p[0] for p in people]).exists()  # nothing saved yet
    shot(admin, screenshot_dir, "01-import-preview-1280")

    # 2. Commit: the students are saved and each gets a log-in that must change its first password.
    admin.click("#import-commit")
    admin.wait_for_selector("#import-done")
    assert "新增 2 条" in admin.inner_text("#import-done"), admin.inner_text("#import-done")
    shot(admin, screenshot_dir, "02-import-done-1280")
    student = Student.objects.select_related("cohort", "user").get(school=world.school1, student_number="2025030101")
    assert student.name == "陈小雨" and student.cohort.name == "2025级机电3班" and student.grade_year == 2
    assert student.user is not None and student.user.username == "2025030101" and student.user.must_change_password
    assert not student.user.has_usable_password()  # the first password lives only on the sheet until it is changed
    assert student.user.memberships.filter(organization=world.school1, role=Role.STUDENT).exists()

    # 3. The log-ins page lists the import's sheet, not yet downloaded; nobody is left without a log-in.
    admin.goto(f"{admin.base_url}/academics/accounts/")
    assert admin.locator("form[action$='/accounts/create-missing/']").count() == 0
    item = AccountSheet.objects.get(school=world.school1, reason="import")
    row = admin.locator(f"tr:has(a[href$='/academics/accounts/sheets/{item.pk}/'])")
    assert "导入" in row.inner_text() and "2" in row.inner_text() and row.locator(".badge.warn").count() == 1
    shot(admin, screenshot_dir, "03-accounts-1280")
    row.locator("a").click()
    admin.wait_for_load_state("networkidle")
    assert "2" in admin.inner_text("main") and admin.locator("form[action$='/download/']").count() == 1
    shot(admin, screenshot_dir, "04-account-sheet-before-download-1280")

    # 4. Download the sheet (once) and read the student's user name and first password from it.
    with admin.expect_download() as sheet_download:
        admin.click("form[action$='/download/'] button")
    sheet_path = tmp_path / "account-sheet.xlsx"
    sheet_download.value.save_as(sheet_path)
    assert sheet_download.value.suggested_filename == f"account-sheet-{item.pk}.xlsx"
    rows = list(load_workbook(sheet_path).active.iter_rows(values_only=True))
    header = list(rows[0])
    assert "用户名" in header and "初始密码" in header, header
    by_number = {r[0]: r for r in rows[1:] if r[0]}  # number, name, class, user name, first password
    mine = by_number["2025030101"]
    assert mine[1] == "陈小雨" and mine[2] == "2025级机电3班", mine
    username, first_password = mine[header.index("用户名")], mine[header.index("初始密码")]
    assert by_number["2025030102"][1] == "周子涵"
    assert username == "2025030101" and len(first_password) >= 8
    item.refresh_from_db()
    assert item.downloaded_at is not None and item.rows_encrypted == ""  # WorkBridge forgot the passwords
    admin.goto(f"{admin.base_url}/academics/accounts/sheets/{item.pk}/")
    assert admin.locator("form[action$='/download/']").count() == 0 and "下载" in admin.inner_text("main")
    shot(admin, screenshot_dir, "05-account-sheet-after-download-1280")

    # 5. The student logs in on a phone with the sheet's first password and is sent to choose their own.
    phone = page_for(username, first_password, width=375, height=812)
    assert phone.url.endswith("/academics/accounts/first-password/"), phone.url
    assert phone.locator("input[name=new_password1]").count() == 1
    shot(phone, screenshot_dir, "06-first-password-375")
    phone.goto(f"{phone.base_url}/placements/my/")  # nothing else opens before the password is chosen
    assert phone.url.endswith("/academics/accounts/first-password/"), phone.url

    # A password that does not match is refused on the page, in words.
    phone.fill("input[name=new_password1]", NEW_PASSWORD)
    phone.fill("input[name=new_password2]", NEW_PASSWORD + "x")
    with phone.expect_navigation():
        phone.click("#form-submit")
    assert phone.locator(".has-error .error").count() >= 1
    assert User.objects.get(username=username).must_change_password
    shot(phone, screenshot_dir, "07-first-password-mismatch-375")

    phone.fill("input[name=new_password1]", NEW_PASSWORD)
    phone.fill("input[name=new_password2]", NEW_PASSWORD)
    with phone.expect_navigation():
        phone.click("#form-submit")
    phone.wait_for_load_state("networkidle")
    assert phone.url.rstrip("/") == phone.base_url.rstrip("/"), phone.url  # the home page
    body = phone.inner_text("body")
    assert "密码已设置" in body, body[:500]
    shot(phone, screenshot_dir, "08-home-after-password-375")
    user = User.objects.get(username=username)
    assert not user.must_change_password and user.check_password(NEW_PASSWORD)
    assert not InitialCredential.objects.filter(user=user).exists()

    # The first password no longer opens the account; the new one does.
    again = page_for(username, first_password, width=375, height=812)
    assert "/accounts/login/" in again.url
    assert again.locator("input[name=password]").count() == 1
    fresh = page_for(username, NEW_PASSWORD, width=375, height=812)
    assert "/accounts/login/" not in fresh.url and "first-password" not in fresh.url, fresh.url
