"""The conversations factories build valid threads (one per object), messages and read states."""

import pytest
from django.core.exceptions import ValidationError

from workbridge.conversations.models import TargetKind, Thread
from workbridge.conversations.tests.factories import (
    MessageFactory,
    PlacementThreadFactory,
    ProjectThreadFactory,
    ReadStateFactory,
    ThreadFactory,
)
from workbridge.core.roles import OrgKind

pytestmark = pytest.mark.django_db


def test_agreement_thread_is_between_its_school_and_enterprise():
    thread = ThreadFactory()
    thread.full_clean()
    assert thread.kind == TargetKind.AGREEMENT and thread.target == thread.agreement
    assert thread.school.kind == OrgKind.SCHOOL and thread.enterprise.kind == OrgKind.ENTERPRISE
    assert (thread.school, thread.enterprise) == (thread.agreement.school, thread.agreement.enterprise)
    assert thread.student is None
    duplicate = Thread(kind=thread.kind, agreement=thread.agreement, school=thread.school, enterprise=thread.enterprise)
    duplicate.subject = "again"
    with pytest.raises(ValidationError):
        duplicate.full_clean()  # one thread per agreement


def test_project_thread():
    thread = ProjectThreadFactory()
    thread.full_clean()
    assert thread.kind == TargetKind.PROJECT and thread.target == thread.project and thread.agreement is None
    assert thread.school == thread.project.school and thread.enterprise == thread.project.enterprise


def test_placement_thread_includes_the_student():
    thread = PlacementThreadFactory()
    thread.full_clean()
    thread.placement.full_clean()
    assert thread.kind == TargetKind.PLACEMENT and thread.target == thread.placement and thread.agreement is None
    assert thread.student == thread.placement.student and thread.student.school == thread.school
    assert thread.enterprise == thread.placement.position.enterprise


def test_message_and_read_state():
    message = MessageFactory()
    message.full_clean()
    assert list(message.thread.messages.all()) == [message] and message.deleted_at is None
    state = ReadStateFactory(thread=message.thread, user=message.author)
    state.full_clean()
    assert state.last_read_at >= message.created_at
