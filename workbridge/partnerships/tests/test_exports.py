"""Issue 16.2: the agreement and project lists export .xlsx and CSV, on the page and through the API, with the
list's filters and scope."""

import io

import pytest
from openpyxl import load_workbook

from workbridge.core.roles import Role
from workbridge.partnerships.tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db


def _rows(response):
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    return [list(r) for r in book.active.iter_rows(values_only=True)]


def test_agreements_export_keeps_the_filter_and_the_scope(world, client, api_client_for):
    mine = AgreementFactory(school=world.school1, enterprise=world.enterprise1, title="本校协议", status="active")
    AgreementFactory(school=world.school1, enterprise=world.enterprise1, title="草稿协议", status="draft")
    AgreementFactory(school=world.school2, enterprise=world.enterprise2, title="他校协议", status="active")
    client.force_login(world.users[Role.SCHOOL_ADMIN])
    page = client.get("/partnerships/agreements/?status=active&export=xlsx", HTTP_ACCEPT_LANGUAGE="zh-hans")
    rows = _rows(page)
    assert rows[0] == ["名称", "学校", "企业", "状态", "开始", "结束", "签署日期"]  # translated headers
    assert [r[0] for r in rows[1:]] == [mine.title] and rows[1][3] == "生效中"  # the status in words
    csv = client.get("/partnerships/agreements/?export=csv", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert csv.content.startswith("\ufeff".encode()) and "本校协议" in csv.content.decode("utf-8-sig")
    assert "他校协议" not in csv.content.decode("utf-8-sig")
    api = api_client_for(world.users[Role.SCHOOL_ADMIN])
    response = api.get("/api/v1/agreements/?format=xlsx&status=active")
    assert response.status_code == 200 and [r[0] for r in _rows(response)[1:]] == [mine.title]
    assert api.get("/api/v1/agreements/?format=pdf").status_code == 400


def test_projects_export_through_page_and_api(world, client, api_client_for):
    from workbridge.partnerships.tests.factories import ProjectFactory

    project = ProjectFactory(
        agreement=AgreementFactory(school=world.school1, enterprise=world.enterprise1, status="active")
    )
    client.force_login(world.users[Role.ENTERPRISE_ADMIN])
    rows = _rows(client.get("/partnerships/projects/?export=xlsx", HTTP_ACCEPT_LANGUAGE="zh-hans"))
    assert [r[0] for r in rows[1:]] == [project.title]
    api = api_client_for(world.other[Role.ENTERPRISE_ADMIN])
    assert _rows(api.get("/api/v1/projects/?format=xlsx"))[1:] == []
