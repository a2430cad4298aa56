"""Issue 10.1: the student's home opens with today's check-in; this week's report is a to-do."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_student_home_opens_with_the_check_in_button(setup, client):
    from .conftest import make_active_placement

    make_active_placement(setup, days_ago=3)
    client.force_login(setup.student_user)
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert page.index('id="home-checkin"') < page.index('id="todos"')
    assert "本周周报待填写" in page
