"""Issue 13.1: conversations between the parties of a placement, an agreement or a project."""

import io

import pytest

from workbridge.conversations import selectors, services
from workbridge.conversations.models import Message
from workbridge.core.exceptions import NotFound, PermissionDenied, ValidationFailed
from workbridge.core.models import AuditLog, Notification
from workbridge.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def placement(world):
    from workbridge.placements.tests.factories import PlacementFactory, PositionFactory

    position = PositionFactory(enterprise=world.enterprise1, reviewed_by_school=world.school1, status="approved")
    return PlacementFactory(
        student=world.student1,
        position=position,
        enterprise_mentor=world.users[Role.ENTERPRISE_MENTOR],
        school_mentor=world.teacher1,
    )


def _file(data: bytes, name: str):
    f = io.BytesIO(data)
    f.name = name
    f.size = len(data)
    return f


def test_the_parties_talk_and_outsiders_see_nothing(world, placement):
    mentor, teacher = world.users[Role.ENTERPRISE_MENTOR], world.users[Role.TEACHER]
    thread = services.thread_open(actor=mentor, kind="placement", target_id=placement.pk)
    assert services.thread_open(actor=teacher, kind="placement", target_id=placement.pk) == thread  # one per object
    services.message_post(actor=mentor, thread=thread, body="学生今天迟到两小时，请老师了解情况。")
    assert selectors.thread_list(actor=teacher).get(pk=thread.pk).unread == 1
    services.message_post(actor=teacher, thread=thread, body="已联系学生，明天准时到岗。")
    assert selectors.thread_list(actor=world.users[Role.STUDENT]).filter(pk=thread.pk).exists()  # their placement
    for outsider in (world.users[Role.AUTHORITY_OFFICER], world.other[Role.SCHOOL_ADMIN], world.other[Role.STUDENT]):
        assert not selectors.thread_list(actor=outsider).exists()
        with pytest.raises((NotFound, PermissionDenied)):
            services.message_post(actor=outsider, thread=thread, body="x")
    with pytest.raises((NotFound, PermissionDenied)):
        services.thread_open(actor=world.users[Role.AUTHORITY_OFFICER], kind="placement", target_id=placement.pk)


def test_a_mention_notifies_the_person_and_search_is_scoped(world, placement, django_capture_on_commit_callbacks):
    mentor, school_admin = world.users[Role.ENTERPRISE_MENTOR], world.users[Role.SCHOOL_ADMIN]
    thread = services.thread_open(actor=school_admin, kind="placement", target_id=placement.pk)
    with django_capture_on_commit_callbacks(execute=True):
        message = services.message_post(actor=school_admin, thread=thread, body=f"@{mentor.username} 请确认本周考勤")
    assert list(message.mentions.all()) == [mentor]
    assert Notification.objects.filter(recipient=mentor, kind="conversation.mention").exists()
    assert selectors.thread_list(actor=school_admin, q="本周考勤").count() == 1
    assert selectors.thread_list(actor=world.other[Role.SCHOOL_ADMIN], q="本周考勤").count() == 0


def test_deleting_is_audited_and_only_for_the_author_or_the_school_admin(world, placement):
    mentor = world.users[Role.ENTERPRISE_MENTOR]
    thread = services.thread_open(actor=mentor, kind="placement", target_id=placement.pk)
    message = services.message_post(actor=mentor, thread=thread, body="发错了")
    with pytest.raises(PermissionDenied):
        services.message_delete(actor=world.users[Role.TEACHER], message=message)
    services.message_delete(actor=world.users[Role.SCHOOL_ADMIN], message=message)
    message.refresh_from_db()
    assert message.deleted_at and message.body == ""
    assert AuditLog.objects.filter(action="conversation.message_deleted").exists()


def test_attachments_are_checked_by_content(world, placement):
    mentor = world.users[Role.ENTERPRISE_MENTOR]
    thread = services.thread_open(actor=mentor, kind="placement", target_id=placement.pk)
    with pytest.raises(ValidationFailed):
        services.message_post(
            actor=mentor, thread=thread, body="", attachment=_file(b"<html><script>x</script>", "a.pdf")
        )
    message = services.message_post(
        actor=mentor, thread=thread, body="考勤表", attachment=_file(b"%PDF-1.4 test", "考勤.pdf")
    )
    assert message.attachment_name == "考勤.pdf" and message.attachment.name.endswith(".pdf")
    assert Message.objects.count() == 1


def test_the_api_opens_posts_and_lists(world, placement, api_client_for):
    api = api_client_for(world.users[Role.TEACHER])
    thread = api.post("/api/v1/conversations/", {"kind": "placement", "target_id": placement.pk}, format="json").json()
    posted = api.post(f"/api/v1/conversations/{thread['id']}/messages/", {"body": "请看周报"}, format="json")
    assert posted.status_code == 201
    assert [m["body"] for m in api.get(f"/api/v1/conversations/{thread['id']}/messages/").json()] == ["请看周报"]
    assert (
        api_client_for(world.other[Role.TEACHER]).get(f"/api/v1/conversations/{thread['id']}/messages/").status_code
        == 404
    )
