"""The account pages' API twins: log-ins for people imported without one, a reset, the one-time sheet, linking,
and the first password, with the school admin as the only writer."""

import io

import pytest
from openpyxl import load_workbook

from workbridge.academics.tests.factories import StudentFactory
from workbridge.core.roles import Role

pytestmark = pytest.mark.django_db


def test_create_missing_then_take_the_sheet_once(world, api_client_for):
    newcomer = StudentFactory(school=world.school1, major=world.major1, cohort=world.cohort1)
    admin = api_client_for(world.users[Role.SCHOOL_ADMIN])
    made = admin.post("/api/v1/academics/accounts/create-missing/")
    assert made.status_code == 200 and made.json()["people"] >= 1
    sheet = made.json()["sheet"]
    first = admin.post(f"/api/v1/academics/account-sheets/{sheet}/download/")
    assert first.status_code == 200
    rows = list(load_workbook(io.BytesIO(first.content)).active.iter_rows(values_only=True))
    assert any(newcomer.student_number in [str(c) for c in row] for row in rows)
    again = admin.post(f"/api/v1/academics/account-sheets/{sheet}/download/")
    assert again.status_code == 409

    newcomer.refresh_from_db()
    assert newcomer.user is not None and newcomer.user.must_change_password


def test_reset_needs_a_target_and_only_the_admin_may(world, api_client_for):
    admin = api_client_for(world.users[Role.SCHOOL_ADMIN])
    assert admin.post("/api/v1/academics/accounts/reset/", {}, format="json").status_code == 400
    unknown = admin.post("/api/v1/academics/accounts/reset/", {"number": "NO-SUCH"}, format="json")
    assert unknown.status_code == 404
    reset = admin.post("/api/v1/academics/accounts/reset/", {"student": world.student1.pk}, format="json")
    assert reset.status_code == 200 and reset.json()["people"] == 1
    teacher = api_client_for(world.users[Role.TEACHER])
    assert (
        teacher.post("/api/v1/academics/accounts/reset/", {"student": world.student1.pk}, format="json").status_code
        == 403
    )
    other = api_client_for(world.other[Role.SCHOOL_ADMIN])
    assert (
        other.post("/api/v1/academics/accounts/reset/", {"student": world.student1.pk}, format="json").status_code
        == 404
    )


def test_first_password_through_the_api(world, api_client_for):
    user = world.users[Role.STUDENT]
    client = api_client_for(user)
    assert client.post("/api/v1/me/first-password/", {"password": "Zq8!long-enough"}, format="json").status_code == 409
    user.must_change_password = True
    user.save(update_fields=["must_change_password"])
    weak = client.post("/api/v1/me/first-password/", {"password": "123"}, format="json")
    assert weak.status_code == 400
    done = client.post("/api/v1/me/first-password/", {"password": "Zq8!long-enough"}, format="json")
    assert done.status_code == 204
    user.refresh_from_db()
    assert not user.must_change_password and user.check_password("Zq8!long-enough")
