"""The host rejects a teacher's practice record from its list: without a comment the row comes back with the
error beside the comment box, in the page's language, and nothing is decided (issue 10.2)."""

import datetime as dt

import pytest
from lxml import html

from workbridge.core.roles import Role
from workbridge.faculty import services
from workbridge.faculty.models import PracticeRecord

pytestmark = pytest.mark.django_db


def test_a_reject_without_a_comment_answers_beside_the_comment(world, client):
    record = services.practice_record_submit(
        actor=world.users[Role.SCHOOL_ADMIN],
        teacher=world.teacher1,
        enterprise=world.enterprise1,
        start_date=dt.date(2024, 3, 1),
        end_date=dt.date(2024, 3, 31),
        days=20,
        tasks="PLC 产线调试与维护",
    )
    client.force_login(world.users[Role.ENTERPRISE_ADMIN])
    response = client.post(
        f"/faculty/confirmations/{record.pk}/reject/",
        {"comment": " "},
        HTTP_HX_REQUEST="true",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 200  # htmx swaps the row back in, with the error
    row = html.fromstring(response.content.decode())
    beside = row.xpath(f"//input[@name='comment']/following-sibling::small[@id='practice-{record.pk}-error']")
    assert [e.text_content() for e in beside] == ["该字段是必填项。"]
    record.refresh_from_db()
    assert record.status == PracticeRecord.objects.get(pk=record.pk).status == "submitted"
