"""A mentor and a school teacher settle a student's problem in the placement's conversation (phone, Chinese)."""

import pytest

from workbridge.conversations.models import Message
from workbridge.core.roles import Role


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_mentor_writes_and_the_teacher_sees_it_unread_and_replies(world, page_for, screenshot_dir):
    from workbridge.placements.tests.factories import PlacementFactory, PositionFactory

    position = PositionFactory(enterprise=world.enterprise1, reviewed_by_school=world.school1, status="approved")
    placement = PlacementFactory(
        student=world.student1,
        position=position,
        school_mentor=world.teacher1,
        enterprise_mentor=world.users[Role.ENTERPRISE_MENTOR],
    )
    mentor = page_for(world.users[Role.ENTERPRISE_MENTOR].username, width=375, height=812)
    mentor.goto(f"{mentor.base_url}/placements/placements/{placement.pk}/")
    mentor.click("#discuss-button")
    mentor.fill("#body", "学生今天下午提前离岗，请老师了解一下。")
    mentor.click("#send-message")
    mentor.wait_for_selector("text=学生今天下午提前离岗")
    teacher = page_for(world.users[Role.TEACHER].username, width=375, height=812)
    teacher.goto(f"{teacher.base_url}/conversations/")
    assert teacher.locator(".unread").first.inner_text().startswith("1")
    teacher.screenshot(path=str(screenshot_dir / "conversations-inbox-375-zh.png"), full_page=True)
    teacher.click("#threads a")
    teacher.fill("#body", "已联系学生，是身体不适，明天按时到岗。")
    teacher.click("#send-message")
    teacher.wait_for_selector("text=明天按时到岗")
    teacher.screenshot(path=str(screenshot_dir / "conversations-thread-375-zh.png"), full_page=True)
    assert Message.objects.filter(thread__placement=placement).count() == 2
