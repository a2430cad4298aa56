"""Issue 16.2: every list page exports .xlsx and UTF-8 CSV with a BOM through the one export path, and the API list
endpoints answer ?format=xlsx|csv the same way; headers are in the reader's language. (Scope and filters are
tested per app: partnerships/tests/test_exports.py, placements/tests/test_api.py.)"""

import io

import pytest
from openpyxl import load_workbook

from workbridge.core.roles import Role

pytestmark = pytest.mark.django_db

PAGES = [
    (Role.SCHOOL_ADMIN, "/partnerships/agreements/", "名称"),
    (Role.SCHOOL_ADMIN, "/partnerships/projects/", "名称"),
    (Role.SCHOOL_ADMIN, "/placements/positions/", "名称"),
    (Role.SCHOOL_ADMIN, "/placements/placements/", "学生"),
    (Role.SCHOOL_ADMIN, "/placements/alerts/", "发出时间"),
    (Role.SCHOOL_ADMIN, "/resources/", "名称"),
    (Role.SCHOOL_ADMIN, "/research/?what=projects", "名称"),
    (Role.ENTERPRISE_ADMIN, "/research/?what=problems", "名称"),
    (Role.SCHOOL_ADMIN, "/faculty/", "教师"),
    (Role.SCHOOL_ADMIN, "/certificates/registrations/", "学生"),
]
API = [
    "/api/v1/agreements/",
    "/api/v1/projects/",
    "/api/v1/placements/positions/",
    "/api/v1/placements/placements/",
    "/api/v1/placements/alerts/",
    "/api/v1/resources/resources/",
    "/api/v1/research/problems/",
    "/api/v1/research/projects/",
    "/api/v1/faculty/progress/",
    "/api/v1/certificates/registrations/",
]


@pytest.mark.parametrize(("role", "path", "first_header"), PAGES)
def test_list_page_exports_xlsx_and_csv_with_translated_headers(world, client, role, path, first_header):
    client.force_login(world.users[role])
    join = "&" if "?" in path else "?"
    xlsx = client.get(f"{path}{join}export=xlsx", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    header = next(load_workbook(io.BytesIO(xlsx.content), read_only=True).active.iter_rows(values_only=True))
    assert header[0] == first_header
    csv = client.get(f"{path}{join}export=csv", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert csv.content.startswith("\ufeff".encode()) and first_header in csv.content.decode("utf-8-sig").splitlines()[0]
    page = client.get(path, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "export=xlsx" in page and "export=csv" in page  # the page offers both


@pytest.mark.parametrize("path", API)
def test_api_list_answers_format_xlsx_and_csv(world, api_client_for, path):
    api = api_client_for(world.users[Role.SCHOOL_ADMIN])
    xlsx = api.get(f"{path}?format=xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    csv = api.get(f"{path}?format=csv")
    assert csv.status_code == 200 and csv.content.startswith("\ufeff".encode())
    assert api.get(path).status_code == 200
