"""Guidance before and during placement (issue 13.7): sessions with attendance, counselling whose content stays
between counsellor and student, and a weekly wellbeing check-in that alerts the school mentor."""

import datetime as dt

import pytest
from django.utils import timezone

from workbridge.core.exceptions import InvalidTransition, PermissionDenied, ValidationFailed
from workbridge.core.models import AuditLog, Notification
from workbridge.core.roles import Role
from workbridge.guidance import selectors, services
from workbridge.guidance.models import CounsellingStatus, WellbeingCheck

pytestmark = pytest.mark.django_db


def test_a_session_for_a_class_lists_its_students_and_takes_attendance(world):
    admin = world.users[Role.SCHOOL_ADMIN]
    session = services.session_create(
        actor=admin, title="岗前培训", kind="pre_placement", held_on=dt.date(2026, 9, 1), cohort_id=world.cohort1.pk
    )
    assert list(session.attendance.values_list("student_id", flat=True)) == [world.student1.pk]
    assert services.attendance_record(actor=admin, session=session, present_ids={world.student1.pk}) == 1
    assert session.attendance.get().attended
    with pytest.raises(ValidationFailed):
        services.attendance_record(actor=admin, session=session, present_ids={world.student2.pk})
    with pytest.raises(ValidationFailed):  # another school's class
        services.session_create(
            actor=admin, title="x", kind="career", held_on=dt.date(2026, 9, 1), cohort_id=world.cohort2.pk
        )
    with pytest.raises(PermissionDenied):
        services.session_create(actor=world.users[Role.STUDENT], title="x", kind="career", held_on=dt.date(2026, 9, 1))
    # the student sees the session with their own attendance; another school does not see it at all
    assert list(selectors.session_list(actor=world.users[Role.STUDENT])) == [session]
    assert not selectors.session_list(actor=world.other[Role.SCHOOL_ADMIN]).exists()


def test_counselling_stays_between_counsellor_and_student(world, django_capture_on_commit_callbacks):
    student, teacher, admin = world.users[Role.STUDENT], world.users[Role.TEACHER], world.users[Role.SCHOOL_ADMIN]
    with django_capture_on_commit_callbacks(execute=True):
        request = services.counselling_request(actor=student, kind="psychological", wish="最近睡不好")
    assert Notification.objects.filter(recipient=admin, kind="guidance.counselling").exists()
    assert "睡不好" not in str(Notification.objects.values_list("title", "body"))
    when = timezone.now() + dt.timedelta(days=1)
    services.counselling_schedule(actor=teacher, request=request, scheduled_at=when, place="谈话室")
    request.refresh_from_db()
    assert request.status == CounsellingStatus.SCHEDULED and request.counsellor_id == world.teacher1.pk
    with pytest.raises(PermissionDenied):
        services.counselling_hold(actor=admin, request=request, private_note="x")
    services.counselling_hold(actor=teacher, request=request, private_note="压力来自实习岗位，已约下周再谈")
    entry = AuditLog.objects.get(action="guidance.counselling_held")
    assert "压力" not in str(entry.data) + entry.summary
    # nobody outside the school, no authority, no enterprise sees the request
    for user in (
        world.users[Role.AUTHORITY_OFFICER],
        world.users[Role.ENTERPRISE_ADMIN],
        world.other[Role.SCHOOL_ADMIN],
    ):
        assert not selectors.counselling_list(actor=user).exists()
    with pytest.raises(InvalidTransition):
        services.counselling_cancel(actor=student, request=request)


def test_the_api_hides_what_was_said_from_the_other_staff(world, api_client_for):
    student, teacher = world.users[Role.STUDENT], world.users[Role.TEACHER]
    request = services.counselling_request(actor=student, kind="career", wish="想聊聊升学")
    services.counselling_schedule(actor=teacher, request=request, scheduled_at=timezone.now() + dt.timedelta(days=1))
    admin_view = api_client_for(world.users[Role.SCHOOL_ADMIN]).get("/api/v1/guidance/counselling/").json()
    assert admin_view[0]["wish"] is None and admin_view[0]["status"] == "scheduled"
    own_view = api_client_for(student).get("/api/v1/guidance/counselling/").json()
    assert own_view[0]["wish"] == "想聊聊升学"


def test_a_hard_week_flags_the_check_and_tells_the_school_mentor(
    world, active_placement, django_capture_on_commit_callbacks
):
    student = world.users[Role.STUDENT]
    check = services.wellbeing_submit(actor=student, mood=4)
    assert not check.flagged
    with django_capture_on_commit_callbacks(execute=True):
        check = services.wellbeing_submit(actor=student, mood=2, note="和师傅沟通不顺")
    assert check.flagged and WellbeingCheck.objects.count() == 1, "one check a week, the second replaces the first"
    mentor_user = world.teacher1.user
    note = Notification.objects.get(recipient=mentor_user, kind="guidance.wellbeing")
    assert world.student1.name in note.title
    assert list(selectors.wellbeing_flagged(actor=mentor_user)) == [check]
    with pytest.raises(PermissionDenied):
        services.wellbeing_acknowledge(actor=world.users[Role.ENTERPRISE_ADMIN], check=check)
    services.wellbeing_acknowledge(actor=mentor_user, check=check)
    assert not selectors.wellbeing_flagged(actor=mentor_user).exists()
    with pytest.raises(ValidationFailed):
        services.wellbeing_submit(actor=student, mood=9)


def test_pages_answer_each_role(world, client):
    client.force_login(world.users[Role.STUDENT])
    assert client.get("/guidance/").status_code == 200
    assert client.get("/guidance/counselling/").status_code == 404
    client.force_login(world.users[Role.SCHOOL_ADMIN])
    for url in ("/guidance/", "/guidance/counselling/", "/guidance/wellbeing/"):
        assert client.get(url).status_code == 200, url
    client.force_login(world.users[Role.ENTERPRISE_ADMIN])
    assert client.get("/guidance/").status_code == 404
