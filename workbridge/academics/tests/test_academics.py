import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from workbridge.academics import selectors, services
from workbridge.academics.engines.identity import id_number_error, make_id_number
from workbridge.academics.models import Student
from workbridge.core.exceptions import Conflict, PermissionDenied, ValidationFailed
from workbridge.core.roles import Role


def test_id_engine_on_a_known_example():
    assert id_number_error("11010519491231002X") is None
    assert "check character" in id_number_error("110105194912310021")
    assert "not a real date" in id_number_error("110105194902310021")


@pytest.mark.django_db
def test_student_create_validates_and_encrypts(world):
    admin = world.users[Role.SCHOOL_ADMIN]
    number = make_id_number("330106", dt.date(2006, 1, 2), 17)
    student = services.student_create(
        actor=admin,
        school=world.school1,
        student_number="S1",
        name="赵",
        major=world.major1,
        id_number=number,
        phone="13912345678",
    )
    assert student.birth_date == dt.date(2006, 1, 2) and student.gender == "M"
    assert number not in student.id_number_encrypted and student.id_number == number
    with pytest.raises(ValidationFailed):
        services.student_create(
            actor=admin,
            school=world.school1,
            student_number="S2",
            name="钱",
            major=world.major1,
            id_number=number[:-1] + "0",
        )
    with pytest.raises(Conflict):
        services.student_create(
            actor=admin,
            school=world.school1,
            student_number="S1",
            name="孙",
            major=world.major1,
            id_number=make_id_number("330106", dt.date(2006, 1, 2), 19),
        )
    with pytest.raises(Conflict):
        services.student_create(
            actor=admin, school=world.school1, student_number="S3", name="李", major=world.major1, id_number=number
        )
    with pytest.raises(PermissionDenied):
        services.student_create(
            actor=world.other[Role.SCHOOL_ADMIN],
            school=world.school1,
            student_number="S4",
            name="周",
            major=world.major1,
            id_number=make_id_number("330106", dt.date(2006, 1, 2), 21),
        )
    with pytest.raises(ValidationFailed):
        services.student_create(
            actor=admin,
            school=world.school1,
            student_number="S5",
            name="吴",
            major=world.major2,
            id_number=make_id_number("330106", dt.date(2006, 1, 2), 23),
        )


@pytest.mark.django_db
def test_major_code_is_format_validated(world):
    admin = world.users[Role.SCHOOL_ADMIN]
    assert services.major_create(actor=admin, school=world.school1, code="460305", name="工业机器人技术").pk
    assert services.major_create(actor=admin, school=world.school1, code="080910t", name="数据科学").code == "080910T"
    with pytest.raises(ValidationFailed):
        services.major_create(actor=admin, school=world.school1, code="12345", name="错误")
    with pytest.raises(PermissionDenied):
        services.major_create(actor=world.users[Role.TEACHER], school=world.school1, code="460306", name="x")


@pytest.mark.django_db
def test_enterprise_sees_no_students_until_linked_and_student_sees_self(world):
    assert not selectors.student_list(actor=world.users[Role.ENTERPRISE_ADMIN]).exists()
    assert list(selectors.student_list(actor=world.users[Role.STUDENT])) == [world.student1]
    assert list(selectors.course_list(actor=world.users[Role.STUDENT])) == [world.course1]


@pytest.mark.django_db
def test_list_page_masks_personal_data_and_exports_xlsx(world, client):
    client.force_login(world.users[Role.SCHOOL_ADMIN])
    page = client.get("/academics/students/").content.decode()
    full = world.student1.id_number
    assert world.student1.name in page and full not in page and world.student1.id_number_masked in page
    assert world.student1.phone not in page
    response = client.get("/academics/students/?export=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]
    assert (
        world.student1.name in values and full not in " ".join(values) and world.student1.phone not in " ".join(values)
    )
    assert len(list(sheet.iter_rows())) == 2


@pytest.mark.django_db
def test_list_filters_search_and_htmx_partial(world, client):
    client.force_login(world.users[Role.SCHOOL_ADMIN])
    assert (
        world.student1.name
        in client.get("/academics/students/?q=" + world.student1.student_number[:6]).content.decode()
    )
    assert world.student1.name not in client.get("/academics/students/?q=nobody").content.decode()
    partial = client.get("/academics/students/?status=enrolled", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    assert "<html" not in partial.content.decode() and world.student1.name in partial.content.decode()


@pytest.mark.django_db
def test_student_form_pages(world, client):
    client.force_login(world.users[Role.SCHOOL_ADMIN])
    number = make_id_number("330106", dt.date(2005, 9, 9), 31)
    response = client.post(
        "/academics/students/new/",
        {
            "student_number": "P1",
            "name": "页面学生",
            "major": world.major1.pk,
            "enrolment_status": "enrolled",
            "grade_year": 1,
            "id_number": number,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    student = Student.objects.get(student_number="P1")
    response = client.post(
        f"/academics/students/{student.pk}/edit/",
        {
            "student_number": "P1",
            "name": "页面学生改",
            "major": world.major1.pk,
            "enrolment_status": "enrolled",
            "grade_year": 2,
        },
    )
    assert response.status_code == 302
    student.refresh_from_db()
    assert student.name == "页面学生改" and student.id_number == number
    bad = client.post(
        "/academics/students/new/",
        {
            "student_number": "P2",
            "name": "x",
            "major": world.major1.pk,
            "enrolment_status": "enrolled",
            "grade_year": 1,
            "id_number": "123",
        },
    )
    assert bad.status_code == 200 and "ID number" in bad.content.decode() or "身份证" in bad.content.decode()


@pytest.mark.django_db
def test_api_students_masked_filtered_paginated_and_scoped(world, api_client_for):
    client = api_client_for(world.users[Role.SCHOOL_ADMIN])
    body = client.get("/api/v1/students/", {"major": world.major1.pk, "page_size": 1}).json()
    assert body["count"] == 1 and body["results"][0]["id_number_masked"].endswith(world.student1.id_number[-4:])
    assert "id_number" not in body["results"][0]
    assert client.get(f"/api/v1/students/{world.student2.pk}/").status_code == 404
    created = client.post(
        "/api/v1/students/",
        {
            "student_number": "A1",
            "name": "接口学生",
            "major": world.major1.pk,
            "id_number": make_id_number("330106", dt.date(2005, 2, 3), 41),
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    foreign_major = client.post(
        "/api/v1/students/",
        {
            "student_number": "A2",
            "name": "x",
            "major": world.major2.pk,
            "id_number": make_id_number("330106", dt.date(2005, 2, 3), 43),
        },
        format="json",
    )
    assert foreign_major.status_code == 400
    teacher = api_client_for(world.users[Role.TEACHER])
    assert teacher.post("/api/v1/students/", {}, format="json").status_code == 403
    patched = client.patch(f"/api/v1/students/{created.json()['id']}/", {"grade_year": 2}, format="json")
    assert patched.status_code == 200 and patched.json()["grade_year"] == 2


@pytest.mark.django_db
def test_import_through_the_api(world, api_client_for):
    from workbridge.academics.tests.test_import_corpus import good_rows, xlsx

    client = api_client_for(world.users[Role.SCHOOL_ADMIN])
    upload = io.BytesIO(xlsx(good_rows(world, 2)))
    upload.name = "students.xlsx"
    response = client.post("/api/v1/imports/", {"kind": "students", "file": upload}, format="multipart")
    assert response.status_code == 201, response.content
    job = response.json()
    assert job["status"] == "previewed" and job["create_count"] == 2
    committed = client.post(f"/api/v1/imports/{job['id']}/commit/")
    assert committed.status_code == 200 and committed.json()["status"] == "committed"
    rows = good_rows(world, 1)
    rows[0][3] = "469999"
    bad = io.BytesIO(xlsx(rows))
    bad.name = "bad.xlsx"
    response = client.post("/api/v1/imports/", {"kind": "students", "file": bad}, format="multipart")
    assert response.status_code == 400 and response.json()["errors"][0]["row"] == 2
