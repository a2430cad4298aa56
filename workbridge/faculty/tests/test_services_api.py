import datetime as dt

import pytest
from django.utils import timezone

from workbridge.core.exceptions import Conflict, InvalidTransition, PermissionDenied, ValidationFailed
from workbridge.core.models import AuditLog, Notification
from workbridge.core.roles import Role
from workbridge.faculty import selectors, services
from workbridge.faculty.models import PracticeAlert, PracticeRecord, TeacherProfile

pytestmark = pytest.mark.django_db
D = dt.date


def submit(world, user, start, end, days, teacher=None, enterprise=None):
    return services.practice_record_submit(
        actor=user,
        teacher=teacher or world.teacher1,
        enterprise=enterprise or world.enterprise1,
        start_date=start,
        end_date=end,
        days=days,
        tasks="PLC 产线调试与维护",
    )


def test_teacher_submits_enterprise_confirms_progress_counts(world):
    today = timezone.localdate()
    TeacherProfile.objects.create(teacher=world.teacher1, school=world.school1, employment_start=D(2010, 9, 1))
    record = submit(
        world, world.users[Role.TEACHER], today - dt.timedelta(days=200), today - dt.timedelta(days=21), 180
    )
    assert record.status == "submitted"
    assert Notification.objects.filter(
        recipient=world.users[Role.ENTERPRISE_MENTOR], kind="faculty.practice.confirm"
    ).exists()
    assert (
        selectors.teacher_row(actor=world.users[Role.TEACHER], teacher_id=world.teacher1.pk).progress.credited_days == 0
    )
    services.practice_record_decide(actor=world.users[Role.ENTERPRISE_MENTOR], record=record, confirm=True)
    row = selectors.teacher_row(actor=world.users[Role.TEACHER], teacher_id=world.teacher1.pk)
    assert row.progress.status == "met" and row.progress.credited_days == 180
    assert AuditLog.objects.filter(action="faculty.practice.confirmed").exists()
    with pytest.raises(InvalidTransition):
        services.practice_record_decide(
            actor=world.users[Role.ENTERPRISE_ADMIN], record=record, confirm=False, comment="x"
        )


def test_only_the_host_enterprise_confirms(world):
    record = submit(world, world.users[Role.SCHOOL_ADMIN], D(2024, 3, 1), D(2024, 3, 31), 20)
    with pytest.raises(PermissionDenied):
        services.practice_record_decide(actor=world.other[Role.ENTERPRISE_ADMIN], record=record, confirm=True)
    with pytest.raises(PermissionDenied):
        services.practice_record_decide(actor=world.users[Role.TEACHER], record=record, confirm=True)
    with pytest.raises(ValidationFailed):
        services.practice_record_decide(
            actor=world.users[Role.ENTERPRISE_ADMIN], record=record, confirm=False, comment=" "
        )


def test_overlapping_and_invalid_records_refused(world):
    submit(world, world.users[Role.TEACHER], D(2024, 3, 1), D(2024, 3, 31), 20)
    with pytest.raises(Conflict):
        submit(world, world.users[Role.TEACHER], D(2024, 3, 31), D(2024, 4, 10), 5)
    with pytest.raises(ValidationFailed) as exc:
        submit(world, world.users[Role.TEACHER], D(2024, 5, 1), D(2024, 5, 10), 11)
    assert "days" in exc.value.errors
    with pytest.raises(ValidationFailed):
        submit(world, world.users[Role.TEACHER], D(2024, 5, 1), D(2024, 5, 10), 5, enterprise=world.school1)
    assert PracticeRecord.objects.count() == 1


def test_a_teacher_cannot_record_for_a_colleague(world):
    from workbridge.academics.tests.factories import TeacherFactory

    colleague = TeacherFactory(school=world.school1)
    with pytest.raises(PermissionDenied):
        submit(world, world.users[Role.TEACHER], D(2024, 3, 1), D(2024, 3, 5), 5, teacher=colleague)


def test_alerts_notify_behind_teachers_once(world):
    created = services.practice_alerts_send(actor=world.users[Role.SCHOOL_ADMIN], school_id=world.school1.pk)
    assert [a.teacher_id for a in created] == [world.teacher1.pk]
    assert Notification.objects.filter(recipient=world.users[Role.TEACHER], kind="faculty.practice.alert").count() == 1
    assert Notification.objects.filter(
        recipient=world.users[Role.SCHOOL_ADMIN], kind="faculty.practice.alert_digest"
    ).exists()
    assert services.practice_alerts_send(actor=world.users[Role.SCHOOL_ADMIN], school_id=world.school1.pk) == []
    assert PracticeAlert.objects.count() == 1
    with pytest.raises(PermissionDenied):
        services.practice_alerts_send(actor=world.other[Role.SCHOOL_ADMIN], school_id=world.school1.pk)


def test_recognition_and_share(world):
    today = timezone.localdate()
    TeacherProfile.objects.create(teacher=world.teacher1, school=world.school1, employment_start=D(2012, 9, 1))
    r = submit(world, world.users[Role.TEACHER], today - dt.timedelta(days=120), today - dt.timedelta(days=11), 100)
    services.practice_record_decide(actor=world.users[Role.ENTERPRISE_ADMIN], record=r, confirm=True)
    services.qualification_add(
        actor=world.users[Role.SCHOOL_ADMIN],
        teacher=world.teacher1,
        kind="skill_level",
        name="电工",
        level="intermediate",
        issuer="人社局",
        issued_on=D(2020, 1, 1),
    )
    row = selectors.teacher_row(actor=world.users[Role.SCHOOL_ADMIN], teacher_id=world.teacher1.pk)
    assert row.recognition.level == "intermediate"
    rows, total = selectors.dual_qualified_share(actor=world.users[Role.AUTHORITY_OFFICER])
    assert [r.school_id for r in rows] == [world.school1.pk] and total.dual == 1 and total.share == 1.0
    # An unverified qualification entered by the teacher does not count until the school verifies it.
    q = services.qualification_add(
        actor=world.users[Role.TEACHER],
        teacher=world.teacher1,
        kind="professional",
        name="高级电工",
        level="senior",
        issuer="人社局",
        issued_on=D(2021, 1, 1),
    )
    assert not q.verified
    services.qualification_verify(actor=world.users[Role.SCHOOL_ADMIN], qualification=q)


def test_lecturer_hours(world):
    lecturer = services.lecturer_add(
        actor=world.users[Role.SCHOOL_ADMIN],
        school=world.school1,
        enterprise=world.enterprise1,
        name="赵工",
        position="电气工程师",
        engaged_from=D(2024, 9, 1),
    )
    services.lecturer_teaching_record(
        actor=world.users[Role.SCHOOL_ADMIN],
        lecturer=lecturer,
        course=world.course1,
        term="2024-2025-1",
        hours=32,
        taught_on=D(2024, 12, 20),
    )
    with pytest.raises(Conflict):
        services.lecturer_teaching_record(
            actor=world.users[Role.SCHOOL_ADMIN],
            lecturer=lecturer,
            course=world.course1,
            term="2024-2025-1",
            hours=4,
            taught_on=D(2024, 12, 21),
        )
    with pytest.raises(ValidationFailed):
        services.lecturer_teaching_record(
            actor=world.users[Role.SCHOOL_ADMIN],
            lecturer=lecturer,
            course=world.course1,
            term="2024秋",
            hours=4,
            taught_on=D(2024, 12, 21),
        )
    assert selectors.lecturers(actor=world.users[Role.ENTERPRISE_ADMIN]).get().total_hours == 32
    assert not selectors.lecturers(actor=world.other[Role.ENTERPRISE_ADMIN]).exists()


def test_api_scope_and_flow(world, api_client_for):
    teacher_api = api_client_for(world.users[Role.TEACHER])
    resp = teacher_api.post(
        "/api/v1/faculty/practice-records/",
        {
            "teacher": world.teacher1.pk,
            "enterprise": world.enterprise1.pk,
            "start_date": "2024-07-01",
            "end_date": "2024-07-31",
            "days": 22,
            "tasks": "生产线 PLC 改造",
        },
        format="json",
    )
    assert resp.status_code == 201, resp.json()
    pk = resp.json()["id"]
    bad = teacher_api.post(
        "/api/v1/faculty/practice-records/",
        {
            "teacher": world.teacher1.pk,
            "enterprise": world.enterprise1.pk,
            "start_date": "2024-09-01",
            "end_date": "2024-09-02",
            "days": 5,
            "tasks": "x",
        },
        format="json",
    )
    assert bad.status_code == 400 and "days" in bad.json()["errors"]
    assert (
        api_client_for(world.other[Role.ENTERPRISE_ADMIN])
        .post(f"/api/v1/faculty/practice-records/{pk}/confirm/", {})
        .status_code
        == 404
    )
    assert (
        api_client_for(world.other[Role.SCHOOL_ADMIN]).get(f"/api/v1/faculty/practice-records/{pk}/").status_code == 404
    )
    assert (
        api_client_for(world.other[Role.SCHOOL_ADMIN]).get(f"/api/v1/faculty/progress/{world.teacher1.pk}/").status_code
        == 404
    )
    ok = api_client_for(world.users[Role.ENTERPRISE_ADMIN]).post(
        f"/api/v1/faculty/practice-records/{pk}/confirm/", {}, format="json"
    )
    assert ok.status_code == 200 and ok.json()["status"] == "confirmed"
    progress = teacher_api.get(f"/api/v1/faculty/progress/{world.teacher1.pk}/").json()
    assert progress["credited_days"] == 22 and progress["required_days"] == 180
    other_list = api_client_for(world.other[Role.AUTHORITY_OFFICER]).get("/api/v1/faculty/progress/").json()["results"]
    assert world.teacher1.pk not in [r["teacher"] for r in other_list]
    shares = api_client_for(world.users[Role.AUTHORITY_OFFICER]).get("/api/v1/faculty/shares/").json()
    assert shares["total"]["professional"] == 1


def test_pages(client, world):
    client.force_login(world.users[Role.TEACHER])
    page = client.get("/faculty/me/")
    assert page.status_code == 200 and 'id="practice-progress"' in page.content.decode()
    assert client.get("/", follow=True).status_code == 200
    client.force_login(world.users[Role.SCHOOL_ADMIN])
    for url in (
        "/faculty/",
        "/faculty/alerts/",
        "/faculty/shares/",
        "/faculty/lecturers/",
        f"/faculty/teachers/{world.teacher1.pk}/",
    ):
        assert client.get(url).status_code == 200, url
    assert client.get(f"/faculty/teachers/{world.teacher2.pk}/").status_code == 404
    client.force_login(world.users[Role.ENTERPRISE_MENTOR])
    assert client.get("/faculty/confirmations/").status_code == 200
    client.force_login(world.users[Role.STUDENT])
    assert client.get("/faculty/").status_code == 403
