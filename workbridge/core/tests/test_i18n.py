import pytest

from workbridge.core.roles import Role


@pytest.mark.django_db
def test_language_switch_changes_the_ui(world, client):
    client.force_login(world.users[Role.SCHOOL_ADMIN])
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get("/academics/students/").content.decode()
    assert "Student number" in english and "Export .xlsx" in english
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    chinese = client.get("/academics/students/").content.decode()
    assert "学号" in chinese and "导出 .xlsx" in chinese and "工作台" in chinese
    assert "待审核企业" in client.get("/").content.decode()
