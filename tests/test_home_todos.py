"""Issue 10.1: the home page lists what waits for this person first, most urgent first, each a link to the list
where it is done; key figures below, each once; the student's first item is today's check-in."""

import pytest

from workbridge.core.roles import Role

pytestmark = pytest.mark.django_db


def test_the_school_admin_sees_positions_to_review_and_late_starts_as_todos(world, client):
    from workbridge.placements.tests.factories import PlacementFactory, PositionFactory

    PositionFactory(enterprise=world.enterprise1, reviewed_by_school=world.school1, status="submitted")
    PlacementFactory(
        student=world.student1,
        position=PositionFactory(enterprise=world.enterprise1, reviewed_by_school=world.school1, status="approved"),
        status="planned",
    )
    client.force_login(world.users[Role.SCHOOL_ADMIN])
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    todos = page[page.index('id="todos"') : page.index("关键数据")]
    assert "待审核的实习岗位" in todos and "/placements/positions/?status=submitted" in todos
    labels = [line for line in todos.splitlines() if "todo-label" in line]
    assert labels, todos


def test_nothing_waiting_says_so_and_cards_are_not_repeated(world, client):
    client.force_login(world.users[Role.TEACHER])
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "暂无待办事项" in page
    labels = [chunk.split("</span>")[0] for chunk in page.split('class="card-label">')[1:]]
    assert len(labels) == len(set(labels))


@pytest.mark.django_db
def test_key_figures_are_grouped_and_never_repeat_a_to_do(world, client):
    """Issue 10.1: the figures sit under the menu's headings, and a figure whose list is already a to-do above is
    not shown again."""
    from workbridge.core.access import actor_for
    from workbridge.core.registry import dashboard_card_groups, dashboard_todos
    from workbridge.organizations.tests.factories import EnterpriseFactory

    EnterpriseFactory(region=world.region1, vetting_status="pending")  # a to-do whose list a figure also counts
    actor = actor_for(world.users[Role.SCHOOL_ADMIN])
    todos = dashboard_todos(actor)
    assert todos
    groups = dashboard_card_groups(actor, todos)
    labels = [str(c.label) for g in groups for c in g.cards]
    assert groups and len(labels) == len(set(labels))
    assert not {c.url for g in groups for c in g.cards if c.url} & {t.url for t in todos}
    client.force_login(world.users[Role.SCHOOL_ADMIN])
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert page.count('class="card-group"') == len(groups)


@pytest.mark.parametrize("role", [Role.TEACHER, Role.ENTERPRISE_MENTOR])
def test_a_mentors_key_figures_are_about_their_own_work(world, client, role):
    """The mentors on both sides see their interns, reports and projects; the organisation's figures (agreements,
    cooperation depth, resources, postings analysed, vetting status, head counts) are their administrators'."""
    client.force_login(world.users[role])
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    labels = {chunk.split("</span>")[0].strip() for chunk in page.split('class="card-label">')[1:]}
    admin_figures = {"生效中的协议", "60 天内到期", "已分析招聘信息", "闲置资源", "审核状态", "在读学生", "教师"}
    assert labels and not labels & admin_figures, labels
    assert "在岗实习" in labels
    client.force_login(world.users[Role.SCHOOL_ADMIN if role == Role.TEACHER else Role.ENTERPRISE_ADMIN])
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "生效中的协议" in page
