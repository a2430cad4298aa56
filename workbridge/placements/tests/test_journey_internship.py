"""Issue 15.8 (a): one internship from the first draft of the position to the grade in the student's history, walked
through the pages in Chinese: staff at desktop width (1280), the student and the mentors on a phone (375x812).
Screenshots of each key step go to test-output/screenshots/journey-internship-*.png.

Every step has a page and the test uses it. One thing is not a page of its own: the check-in button posts to the
check-in API from the page's own script (checkin.js), as on a real phone, with the photo the student took with the
camera (the school requires one on this placement; Playwright hands the file input a phone photo with GPS in its
EXIF, which the stored copy no longer has)."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import timezone
from PIL import Image

from workbridge.core.roles import Role
from workbridge.placements.models import Application, CheckIn, Evaluation, Placement, Position, WeeklyReport

PHONE = {"width": 375, "height": 812}
DESK = {"width": 1280, "height": 900}
LAT, LNG = Decimal("30.274100"), Decimal("120.155100")  # the workplace


def phone_photo() -> bytes:
    """What a phone's camera gives: a JPEG whose EXIF holds the camera and the GPS position."""
    image = Image.new("RGB", (480, 640), (70, 110, 160))
    for x in range(120, 360):
        for y in range(260, 380):
            image.putpixel((x, y), (230, 200, 60))  # a machine plate to look at
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (30.0, 16.0, 27.0), "E", (120.0, 9.0, 18.0)
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif.tobytes())
    return out.getvalue()


def no_error(page):
    """The page shows no error message (a refused step says why in a red message)."""
    errors = page.locator(".messages .msg.error").all_inner_texts()
    assert not errors, errors


def shot(page, screenshot_dir, step):
    page.screenshot(path=str(screenshot_dir / f"journey-internship-{step}.png"), full_page=True)


def post(page, form_selector):
    """Press the form's button and wait for the page that answers."""
    with page.expect_navigation():
        page.click(f"{form_selector} button")
    page.wait_for_load_state("networkidle")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_internship_from_position_draft_to_grade_in_the_history(world, rules, page_for, screenshot_dir):
    today = timezone.localdate()
    start, end = today - dt.timedelta(days=20), today  # it may start today and be completed today
    student = world.student1
    users = world.users
    teacher = world.teacher1  # the school mentor (log-in w_teacher_1)
    mentor = users[Role.ENTERPRISE_MENTOR]

    # 1. The enterprise admin drafts the position on the form and submits it.
    ent = page_for(users[Role.ENTERPRISE_ADMIN].username, **DESK)
    ent.goto(f"{ent.base_url}/placements/positions/")
    ent.click("a[href$='/placements/positions/new/']")
    assert ent.inner_text("h1") == "发布岗位"
    values = {
        "title": "数控设备装调实习生",
        "occupation_code": "6-31-01-03",
        "duties": "在师傅指导下完成数控机床的装配、调试与日常点检。",
        "required_skills": "PLC, 电工, 机械制图",
        "places": "3",
        "post_staff_count": "40",
        "workplace_address": "杭州市拱墅区湖墅南路 88 号",
        "latitude": str(LAT),
        "longitude": str(LNG),
        "geofence_radius_m": "300",
        "monthly_pay": "4200",
        "post_wage": "4800",
        "daily_hours": "8",
        "shift_start": "08:30",
        "shift_end": "17:30",
        "rest_days_per_week": "2",
        "start_date": start.isoformat(),
        "end_date": end.isoformat(),
    }
    for name, value in values.items():
        ent.fill(f"form [name={name}]", value)
    ent.check("form input[name=major_categories][value='46']")  # 装备制造大类, from the catalogue
    ent.select_option("form select[name=venue_type]", "factory")
    shot(ent, screenshot_dir, "01-position-form-1280")
    with ent.expect_navigation():
        ent.click("form.form button.primary")
    no_error(ent)
    position = Position.objects.get(title="数控设备装调实习生")
    assert position.status == "draft" and position.enterprise_id == world.enterprise1.pk
    assert position.major_categories == ["46"] and position.start_date == start and position.monthly_pay == 4200
    assert "数控设备装调实习生" in ent.inner_text("h1")
    post(ent, "form[action$='/submit/']")
    no_error(ent)
    position.refresh_from_db()
    assert position.status == "submitted"
    assert ent.locator("form[action$='/submit/']").count() == 0  # no second submission
    assert "待审核" in ent.inner_text("h1 + p"), ent.inner_text("h1 + p")
    shot(ent, screenshot_dir, "02-position-submitted-1280")

    # 2. The school admin approves it on the position page.
    school = page_for(users[Role.SCHOOL_ADMIN].username, **DESK)
    school.goto(f"{school.base_url}/placements/positions/{position.pk}/")
    school.fill("form[action$='/approve/'] textarea[name=comment]", "岗位与机电专业对口，同意发布。")
    shot(school, screenshot_dir, "03-position-review-1280")
    with school.expect_navigation():
        school.click("form[action$='/approve/'] button.primary")
    no_error(school)
    position.refresh_from_db()
    assert position.status == "approved" and position.reviewed_by_school_id == world.school1.pk
    assert "同意发布" in school.inner_text("body")

    # 3. The student applies on a phone.
    phone = page_for(users[Role.STUDENT].username, **PHONE)
    phone.goto(f"{phone.base_url}/placements/positions/{position.pk}/")
    assert phone.locator("#apply-obstacles").count() == 0
    phone.fill("form[action$='/apply/'] input[name=skills]", "PLC, 电工证")
    phone.fill("form[action$='/apply/'] textarea[name=summary]", "机电一体化专业二年级，做过产线电气装配实训。")
    phone.fill("form[action$='/apply/'] textarea[name=cover_letter]", "希望到贵公司学习数控设备装调。")
    shot(phone, screenshot_dir, "04-apply-375")
    post(phone, "form[action$='/apply/']")
    no_error(phone)
    application = Application.objects.get(student=student, position=position)
    assert application.status == "submitted" and "PLC" in application.cv["skills"]
    assert "已申请" in phone.inner_text("body")

    # 4. The enterprise shortlists and offers.
    ent.goto(f"{ent.base_url}/placements/applications/")
    assert student.name in ent.inner_text("table")
    post(ent, f"form[action$='/applications/{application.pk}/shortlist/']")
    no_error(ent)
    application.refresh_from_db()
    assert application.status == "shortlisted"
    post(ent, f"form[action$='/applications/{application.pk}/offer/']")
    no_error(ent)
    application.refresh_from_db()
    assert application.status == "offered"
    shot(ent, screenshot_dir, "05-applications-offered-1280")

    # 5. The student accepts the offer on the phone: a planned placement.
    phone.goto(f"{phone.base_url}/placements/my/")
    assert "数控设备装调实习生" in phone.inner_text("body")
    post(phone, f"form[action$='/applications/{application.pk}/accept/']")
    no_error(phone)
    placement = Placement.objects.get(student=student, position=position)
    assert placement.status == "planned" and placement.start_date == start and placement.end_date == end
    shot(phone, screenshot_dir, "06-accepted-planned-375")
    detail = f"/placements/placements/{placement.pk}/"

    # 6. The school names the school mentor, records insurance and both trainings; the enterprise names its mentor;
    # the school generates the agreement.
    school.goto(f"{school.base_url}{detail}")
    school.select_option("form[action$='/school_mentor/'] select[name=teacher]", str(teacher.pk))
    post(school, "form[action$='/school_mentor/']")
    no_error(school)
    school.click("details:has(form[action$='/insurance/']) > summary")
    school.fill("form[action$='/insurance/'] input[name=insurer]", "中国人保")
    school.fill("form[action$='/insurance/'] input[name=policy_number]", "PICC-2026-0815")
    school.fill("form[action$='/insurance/'] input[name=cover_start]", (start - dt.timedelta(days=1)).isoformat())
    school.fill("form[action$='/insurance/'] input[name=cover_end]", (end + dt.timedelta(days=30)).isoformat())
    post(school, "form[action$='/insurance/']")
    no_error(school)
    for kind, trainer in (("safety", "学校安全科"), ("job", "企业设备部")):
        school.click("details:has(form[action$='/training/']) > summary")
        school.select_option("form[action$='/training/'] select[name=kind]", kind)
        school.fill("form[action$='/training/'] input[name=held_on]", (start - dt.timedelta(days=3)).isoformat())
        school.fill("form[action$='/training/'] input[name=hours]", "4")
        school.fill("form[action$='/training/'] input[name=trainer]", trainer)
        post(school, "form[action$='/training/']")
        no_error(school)
    ent.goto(f"{ent.base_url}{detail}")
    ent.select_option("form[action$='/enterprise_mentor/'] select[name=mentor]", str(mentor.pk))
    post(ent, "form[action$='/enterprise_mentor/']")
    no_error(ent)
    # The agreement is generated last: its terms name the mentors and the insurance (a change after generation
    # makes a new version that every party reads again).
    school.goto(f"{school.base_url}{detail}")
    post(school, "form[action$='/agreement/']")
    no_error(school)
    placement.refresh_from_db()
    assert placement.school_mentor_id == teacher.pk and placement.enterprise_mentor_id == mentor.pk
    assert placement.insurance.policy_number == "PICC-2026-0815"
    assert set(placement.trainings.values_list("kind", flat=True)) == {"safety", "job"}
    assert placement.agreement.version == 1 and placement.agreement.terms["school_mentor"] == teacher.name

    # 7. The three parties confirm the agreement on the placement page: school, enterprise, student (phone).
    school.goto(f"{school.base_url}{detail}")
    blockers = school.inner_text("ul.errors")  # what still stops the start, in words
    assert "学校尚未确认协议" in blockers and "学生尚未确认协议" in blockers, blockers
    post(school, "form[action$='/confirm/']:has(button.primary)")
    no_error(school)
    ent.goto(f"{ent.base_url}{detail}")
    post(ent, "form[action$='/confirm/']:has(button.primary)")
    no_error(ent)
    phone.goto(f"{phone.base_url}{detail}")
    shot(phone, screenshot_dir, "07-agreement-before-student-confirms-375")
    post(phone, "form[action$='/confirm/']:has(button.primary)")
    no_error(phone)
    agreement = Placement.objects.get(pk=placement.pk).agreement
    assert agreement.school_confirmed_at and agreement.enterprise_confirmed_at and agreement.student_confirmed_at

    # 8. The school starts it: nothing blocks any more.
    school.goto(f"{school.base_url}{detail}")
    assert school.locator("ul.errors").count() == 0, school.locator("ul.errors").inner_text()
    shot(school, screenshot_dir, "08-ready-to-start-1280")
    post(school, "form[action$='/start/']")
    no_error(school)
    placement.refresh_from_db()
    assert placement.status == "active" and placement.started_at is not None

    # The school wants a photo with every check-in of this placement (on the placement page).
    school.select_option("form[data-photo-policy-form] select[name=policy]", "required")
    post(school, "form[data-photo-policy-form]")
    no_error(school)
    assert "必须拍照" in school.inner_text("#photo-policy")
    placement.refresh_from_db()
    assert placement.checkin_photo == "required"

    # 9. The student checks in on the phone, at the workplace (the browser shares the location), with a photo.
    phone.context.grant_permissions(["geolocation"], origin=phone.base_url)
    phone.context.set_geolocation({"latitude": float(LAT) + 0.0003, "longitude": float(LNG), "accuracy": 15})
    phone.goto(f"{phone.base_url}/placements/my/")
    assert phone.locator("input[type=file][capture=environment][accept='image/*']").count() == 1
    assert "拍照（必需）" in phone.inner_text("[data-checkin-form]")
    phone.click("#checkin-button")  # without the photo: the page says what is missing, nothing is sent
    phone.wait_for_selector("[data-checkin-status].bad")
    assert "请先在实习地点拍照" in phone.inner_text("[data-checkin-status]")
    assert not CheckIn.objects.filter(placement=placement).exists()
    phone.set_input_files(
        "[data-checkin-photo]", files=[{"name": "IMG_2001.jpg", "mimeType": "image/jpeg", "buffer": phone_photo()}]
    )
    phone.wait_for_selector("[data-checkin-preview]:not([hidden])")
    shot(phone, screenshot_dir, "09a-photo-preview-375")
    phone.click("#checkin-button")
    phone.wait_for_selector("[data-checkin-status].good")
    checkin = CheckIn.objects.get(placement=placement)
    assert checkin.direction == "in" and checkin.within_geofence and 25 <= checkin.distance_m <= 45
    said = phone.inner_text("[data-checkin-status]")
    assert f"{checkin.distance_m} 米" in said and "范围内" in said, said
    assert checkin.photo, "the photo came with the check-in"
    with checkin.photo.open("rb") as handle:
        kept = handle.read()
    assert b"PhoneMaker" not in kept and not Image.open(io.BytesIO(kept)).getexif()  # no EXIF, no GPS
    assert phone.locator("[data-checkin-preview]").is_hidden()  # the form is ready for the next check-in
    shot(phone, screenshot_dir, "09-checked-in-375")

    # 10. The student writes this week's report.
    phone.fill("#report-form textarea[name=tasks]", "完成两台数控车床的电气柜接线与通电前检查。")
    phone.fill("#report-form textarea[name=learnt]", "学会了按图纸核对端子号，理解了急停回路的作用。")
    phone.fill("#report-form textarea[name=problems]", "伺服参数还看不懂，希望师傅讲解。")
    phone.fill("#report-form input[name=hours]", "40")
    post(phone, "#report-form")
    no_error(phone)
    report = WeeklyReport.objects.get(placement=placement)
    assert report.status == "submitted" and report.hours == 40
    shot(phone, screenshot_dir, "10-report-submitted-375")

    # 11. The enterprise mentor reviews it on the phone.
    mentor_phone = page_for(mentor.username, **PHONE)
    mentor_phone.goto(f"{mentor_phone.base_url}/placements/reviews/")
    row = f"#report-{report.pk}"
    assert student.name in mentor_phone.inner_text(row)
    mentor_phone.fill(f"{row} input[name=score]", "90")
    mentor_phone.fill(f"{row} textarea[name=comment]", "接线规范，下周学习伺服参数设置。")
    shot(mentor_phone, screenshot_dir, "11-mentor-review-375")
    mentor_phone.click(f"{row} button[value=approve]")
    mentor_phone.wait_for_selector(f"{row}:not(:has(form))")
    report.refresh_from_db()
    assert report.status == "approved" and report.score == 90 and report.reviewed_by_id == mentor.pk

    # The mentor sees the check-in photo on the placement's check-in list (a thumbnail that opens it).
    mentor_phone.goto(f"{mentor_phone.base_url}{detail}")
    thumb = mentor_phone.locator(f"a[href$='/checkins/{checkin.pk}/photo/'] img.checkin-thumb")
    thumb.scroll_into_view_if_needed()
    mentor_phone.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=thumb.element_handle())
    assert thumb.evaluate("img => img.naturalWidth") == 480  # the photo, upright, at its size
    shot(mentor_phone, screenshot_dir, "11a-mentor-sees-checkin-photo-375")

    # 12. Both mentors evaluate the student on the placement page (each on a phone).
    teacher_phone = page_for(users[Role.TEACHER].username, **PHONE)
    for who, mentor_page, scores in ((mentor, mentor_phone, "88"), (teacher.user, teacher_phone, "84")):
        mentor_page.goto(f"{mentor_page.base_url}{detail}")
        mentor_page.click("details:has(form[action$='/evaluate/']) > summary")
        fields = mentor_page.locator("form[action$='/evaluate/'] input[name^=score_]")
        assert fields.count() >= 3
        for i in range(fields.count()):
            fields.nth(i).fill(scores)
        mentor_page.fill("form[action$='/evaluate/'] textarea[name=comment]", "态度认真，动手能力强。")
        if who == mentor:
            shot(mentor_page, screenshot_dir, "12-mentor-evaluates-375")
        post(mentor_page, "form[action$='/evaluate/']")
        no_error(mentor_page)
    kinds = dict(Evaluation.objects.filter(placement=placement).values_list("evaluator_kind", "total"))
    assert kinds == {"enterprise_mentor": Decimal("88.0"), "school_mentor": Decimal("84.0")}, kinds

    # 13. The school computes the grade, then records that the internship ran its term (today is its last day).
    school.on("dialog", lambda dialog: dialog.accept())
    school.goto(f"{school.base_url}{detail}")
    post(school, "form[action$='/grade/']")
    no_error(school)
    placement.refresh_from_db()
    assert placement.final_grade is not None
    breakdown = placement.grade_breakdown["components"]
    assert breakdown["enterprise"] == 88.0 and breakdown["school"] == 84.0 and breakdown["reports"] == 90.0
    weights = placement.grade_breakdown["weights"]
    expected = sum(weights[k] * breakdown[k] for k in weights if weights[k])
    assert abs(float(placement.final_grade) - expected) <= 0.06, (placement.final_grade, expected)
    assert f"{placement.final_grade}" in school.inner_text("body")
    shot(school, screenshot_dir, "13-graded-1280")
    post(school, "form[action$='/complete/']")
    no_error(school)
    placement.refresh_from_db()
    assert placement.status == "completed"

    # 14. The student's history shows the internship and its grade.
    phone.goto(f"{phone.base_url}/placements/my/")
    history = phone.inner_text("#past-placements")
    assert "数控设备装调实习生" in history and world.enterprise1.name in history
    assert f"{placement.final_grade:.1f}" in history and "已完成" in history, history
    shot(phone, screenshot_dir, "14-history-375")
