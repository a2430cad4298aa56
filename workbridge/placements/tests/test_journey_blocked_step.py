"""Issue 15.8 (c): a step that a blocking rule finding forbids, walked through the pages in Chinese. The student (on
a 375x812 phone) sees on the position page why applying is not allowed, in words, instead of an apply form; a form
sent anyway is refused saying what to change; once the fact is fixed by whoever owns it (the enterprise edits the
position's major categories and the school approves it again; the school moves a student recorded in the wrong
class to the right one), the student applies. Screenshots: test-output/screenshots/journey-blocked-*.png."""

import pytest

from workbridge.academics.tests.factories import CohortFactory
from workbridge.core.roles import Role
from workbridge.placements.models import Application, Position

from .factories import PositionFactory

PHONE = {"width": 375, "height": 812}


def shot(page, screenshot_dir, step):
    page.screenshot(path=str(screenshot_dir / f"journey-blocked-{step}.png"), full_page=True)


def no_error(page):
    errors = page.locator(".messages .msg.error").all_inner_texts()
    assert not errors, errors


def apply_on_the_page(phone, position):
    phone.goto(f"{phone.base_url}/placements/positions/{position.pk}/")
    assert phone.locator("#apply-obstacles").count() == 0, phone.inner_text("#apply-obstacles")
    phone.fill("form[action$='/apply/'] input[name=skills]", "PLC, 电工")
    phone.fill("form[action$='/apply/'] textarea[name=summary]", "机电一体化专业学生，熟悉电气装配。")
    with phone.expect_navigation():
        phone.click("form[action$='/apply/'] button")
    no_error(phone)
    assert "已申请" in phone.inner_text("body")


def send_the_apply_form_anyway(phone, position):
    """What a form left open in another tab (or a hand-made request) meets: the service refuses it and the next
    page says why and what to change."""
    csrf = next(c["value"] for c in phone.context.cookies() if c["name"] == "csrftoken")
    url = f"{phone.base_url}/placements/positions/{position.pk}/apply/"
    response = phone.request.post(
        url,
        form={"csrfmiddlewaretoken": csrf, "skills": "PLC", "summary": "", "cover_letter": ""},
        headers={"Referer": f"{phone.base_url}/placements/positions/{position.pk}/"},
        max_redirects=0,  # the browser shows the page it is sent back to, with the message
    )
    assert response.status == 302, response.status
    phone.goto(f"{phone.base_url}/placements/positions/{position.pk}/")
    return phone.locator(".messages .msg.error").all_inner_texts()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_position_outside_the_students_major_category_until_the_enterprise_widens_it(
    world, rules, page_for, screenshot_dir
):
    # Rail vehicle maintenance (专业大类 50) is not the student's 46 (装备制造大类).
    position = PositionFactory(
        enterprise=world.enterprise1,
        reviewed_by_school=world.school1,
        status="approved",
        title="轨道车辆电气检修实习生",
        major_categories=["50"],
    )
    student = world.student1
    assert student.major.code.startswith("46")

    phone = page_for(world.users[Role.STUDENT].username, **PHONE)
    phone.goto(f"{phone.base_url}/placements/positions/{position.pk}/")
    panel = phone.inner_text("#apply-obstacles")
    assert "你目前无法申请该岗位" in panel
    assert "岗位不属于学生所学专业大类" in panel, panel  # the finding, in words
    assert "如有疑问，请联系学校实习管理部门" in panel
    assert phone.locator("form[action$='/apply/']").count() == 0  # no form that would fail
    shot(phone, screenshot_dir, "01-major-obstacle-375")

    refused = send_the_apply_form_anyway(phone, position)
    assert refused, "the refusal is shown on the next page"
    assert "岗位不属于学生所学专业大类" in refused[0] and "请按规定修改相应内容，或选择其他岗位" in refused[0], refused
    assert not Application.objects.filter(student=student, position=position).exists()
    shot(phone, screenshot_dir, "02-major-refused-375")

    # The enterprise widens the post to the mechatronics category: a regulated term, so it goes back to review.
    ent = page_for(world.users[Role.ENTERPRISE_ADMIN].username, width=1280)
    ent.goto(f"{ent.base_url}/placements/positions/{position.pk}/")
    ent.click("#position-edit")
    ent.wait_for_load_state("networkidle")
    assert ent.is_checked("input[name=major_categories][value='50']")
    ent.check("input[name=major_categories][value='46']")
    shot(ent, screenshot_dir, "03-enterprise-edits-1280")
    with ent.expect_navigation():
        ent.click("form.form button.primary")
    no_error(ent)
    position.refresh_from_db()
    assert sorted(position.major_categories) == ["46", "50"] and position.status == "submitted"
    assert "岗位已退回学校重新审核" in ent.inner_text(".messages"), ent.inner_text(".messages")

    # While the school has not approved it again, students do not see it at all (only approved positions are
    # theirs to see).
    answer = phone.goto(f"{phone.base_url}/placements/positions/{position.pk}/")
    assert answer.status == 404 and phone.locator("form[action$='/apply/']").count() == 0
    shot(phone, screenshot_dir, "03b-back-in-review-375")

    school = page_for(world.users[Role.SCHOOL_ADMIN].username, width=1280)
    school.goto(f"{school.base_url}/placements/positions/{position.pk}/")
    with school.expect_navigation():
        school.click("form[action$='/approve/'] button.primary")
    no_error(school)
    assert Position.objects.get(pk=position.pk).status == "approved"

    apply_on_the_page(phone, position)
    shot(phone, screenshot_dir, "04-major-applied-375")
    application = Application.objects.get(student=student, position=position)
    assert application.status == "submitted" and application.cv["major_code"] == student.major.code


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_first_year_student_until_the_school_moves_them_to_the_right_class(world, rules, page_for, screenshot_dir):
    student = world.student1
    wrong = CohortFactory(major=student.major, intake_year=2025, name="2025级机电1班")
    student.cohort, student.grade_year = wrong, 1  # entered in the new intake's class by mistake
    student.save(update_fields=["cohort", "grade_year"])
    position = PositionFactory(
        enterprise=world.enterprise1, reviewed_by_school=world.school1, status="approved", title="装配钳工实习生"
    )

    phone = page_for(world.users[Role.STUDENT].username, **PHONE)
    phone.goto(f"{phone.base_url}/placements/positions/{position.pk}/")
    panel = phone.inner_text("#apply-obstacles")
    assert "该学生为1年级，不得安排岗位实习" in panel, panel
    assert phone.locator("form[action$='/apply/']").count() == 0
    shot(phone, screenshot_dir, "05-first-year-obstacle-375")

    # The school moves the student to the 2024 class, year 2, on the student's edit page.
    school = page_for(world.users[Role.SCHOOL_ADMIN].username, width=1280)
    school.goto(f"{school.base_url}/academics/students/{student.pk}/edit/")
    school.select_option("select[name=cohort]", str(world.cohort1.pk))
    school.fill("[name=grade_year]", "2")
    shot(school, screenshot_dir, "06-school-moves-student-1280")
    with school.expect_navigation():
        school.click("#form-submit")
    no_error(school)
    student.refresh_from_db()
    assert student.cohort_id == world.cohort1.pk and student.grade_year == 2

    apply_on_the_page(phone, position)
    shot(phone, screenshot_dir, "07-first-year-fixed-applied-375")
    assert Application.objects.get(student=student, position=position).cv["year_of_study"] == 2
