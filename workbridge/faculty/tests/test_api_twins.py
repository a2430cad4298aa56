"""The faculty pages' API twins: verifying a qualification, engaging a lecturer and recording hours, reminders."""

import datetime as dt

import pytest

from workbridge.core.roles import Role
from workbridge.faculty import services
from workbridge.faculty.models import LecturerTeaching

pytestmark = pytest.mark.django_db


def test_lecturer_and_hours(world, api_client_for):
    admin = api_client_for(world.users[Role.SCHOOL_ADMIN])
    made = admin.post(
        "/api/v1/faculty/lecturers/",
        {"enterprise": world.enterprise1.pk, "name": "赵工", "position": "电气工程师", "engaged_from": "2024-09-01"},
        format="json",
    )
    assert made.status_code == 201, made.json()
    lecturer = made.json()["id"]
    hours = admin.post(
        f"/api/v1/faculty/lecturers/{lecturer}/teaching/",
        {"course": world.course1.pk, "term": "2024-2025-1", "hours": 32, "taught_on": "2024-12-20"},
        format="json",
    )
    assert hours.status_code == 201, hours.json()
    assert LecturerTeaching.objects.get().hours == 32
    wrong_course = admin.post(
        f"/api/v1/faculty/lecturers/{lecturer}/teaching/",
        {"course": world.course2.pk, "term": "2024-2025-2", "hours": 4, "taught_on": "2025-03-20"},
        format="json",
    )
    assert wrong_course.status_code == 400 and "course" in wrong_course.json()["errors"]
    teacher = api_client_for(world.users[Role.TEACHER])
    refused = teacher.post(
        "/api/v1/faculty/lecturers/",
        {"enterprise": world.enterprise1.pk, "name": "钱工", "engaged_from": "2024-09-01"},
        format="json",
    )
    assert refused.status_code == 403


def test_verify_and_reminders(world, api_client_for):
    item = services.qualification_add(
        actor=world.users[Role.TEACHER],
        teacher=world.teacher1,
        kind="skill_level",
        name="电工",
        level="senior",
        issuer="人社局",
        certificate_number="A-1",
        issued_on=dt.date(2022, 1, 1),
    )
    assert (
        api_client_for(world.users[Role.TEACHER]).post(f"/api/v1/faculty/qualifications/{item.pk}/verify/").status_code
        == 403
    )
    verified = api_client_for(world.users[Role.SCHOOL_ADMIN]).post(f"/api/v1/faculty/qualifications/{item.pk}/verify/")
    assert verified.status_code == 200 and verified.json()["verified"] is True
    sent = api_client_for(world.users[Role.SCHOOL_ADMIN]).post("/api/v1/faculty/alerts/send/")
    assert sent.status_code == 200 and isinstance(sent.json()["sent"], int)
