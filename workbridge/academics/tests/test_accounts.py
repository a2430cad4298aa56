"""Everyone a school imports can log in: accounts on import, an account sheet downloaded once, a forced change of
the first password, resets for a person or a class, and no reset on re-import."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from workbridge.academics import accounts
from workbridge.academics.models import AccountSheet, InitialCredential, SchoolAccountPolicy, Student
from workbridge.academics.tests.factories import StudentFactory
from workbridge.core import crypto
from workbridge.core.access import actor_for
from workbridge.core.exceptions import Conflict, PermissionDenied
from workbridge.organizations.models import Membership, Role, User


@pytest.fixture
def admin(world):
    return actor_for(world.users[Role.SCHOOL_ADMIN])


def _new_students(world, n=3):
    return [
        StudentFactory(
            school=world.school1,
            major=world.major1,
            cohort=world.cohort1,
            student_number=f"2025{i:04d}",
            name=f"新生{i}",
        )
        for i in range(n)
    ]


def _rows(data: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(data)).active
    return [[c.value for c in row] for row in sheet.iter_rows()]


def test_import_creates_logins_and_a_sheet_downloaded_once(world, admin):
    _new_students(world)
    sheet = accounts.accounts_for_imported(
        actor=admin, school=world.school1, students=Student.objects.filter(user__isnull=True, school=world.school1)
    )
    assert sheet.people == 3
    student = Student.objects.get(student_number="20250001")
    assert student.user.username == "20250001" and student.user.must_change_password
    assert Membership.objects.get(user=student.user).role == Role.STUDENT
    _sheet, data = accounts.sheet_take(actor=admin, sheet_id=sheet.pk)
    rows = _rows(data)
    assert rows[0][:4] == ["学号/工号", "姓名", "班级或部门", "用户名"] or rows[0][3] in ("User name", "用户名")
    password = next(r[4] for r in rows if r[3] == "20250001")
    assert len(password) == 10
    sheet.refresh_from_db()
    assert sheet.rows_encrypted == "" and sheet.downloaded_at is not None
    with pytest.raises(Conflict):
        accounts.sheet_take(actor=admin, sheet_id=sheet.pk)


def test_first_password_logs_in_once_and_must_be_changed(world, admin, client):
    _new_students(world, 1)
    sheet = accounts.accounts_for_imported(
        actor=admin, school=world.school1, students=Student.objects.filter(user__isnull=True, school=world.school1)
    )
    password = _rows(accounts.sheet_take(actor=admin, sheet_id=sheet.pk)[1])[1][4]
    answer = client.post(reverse("login"), {"username": "20250000", "password": password})
    assert answer.status_code == 302
    # Every page leads to the first-password page until a password is chosen; the API says so in JSON.
    assert client.get(reverse("home"))["Location"] == reverse("academics:first-password")
    api = client.get("/api/v1/academics/students/")
    assert api.status_code == 403 and api.json()["code"] == "password_change_required"
    done = client.post(
        reverse("academics:first-password"), {"new_password1": "Zhang-San-2026!", "new_password2": "Zhang-San-2026!"}
    )
    assert done.status_code == 302 and done["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    user = User.objects.get(username="20250000")
    assert not user.must_change_password and user.check_password("Zhang-San-2026!")
    assert not InitialCredential.objects.filter(user=user).exists()
    client.logout()
    assert client.post(reverse("login"), {"username": "20250000", "password": password}).status_code == 200


def test_id_number_rule(world, admin, client):
    SchoolAccountPolicy.objects.create(school=world.school1, initial_password="id_last6")
    student = _new_students(world, 1)[0]
    student.id_number_encrypted = crypto.encrypt("33010220050101123X")
    student.save()
    accounts.accounts_for_imported(actor=admin, school=world.school1, students=Student.objects.filter(pk=student.pk))
    assert client.post(reverse("login"), {"username": "20250000", "password": "01123x"}).status_code == 302


def test_reimport_never_resets_a_changed_password(world, admin):
    _new_students(world, 1)
    accounts.accounts_for_imported(
        actor=admin, school=world.school1, students=Student.objects.filter(school=world.school1)
    )
    user = User.objects.get(username="20250000")
    accounts.first_password_set(user=user, password="Own-Password-2026")
    again = accounts.accounts_for_imported(
        actor=admin, school=world.school1, students=Student.objects.filter(school=world.school1)
    )
    assert again is None
    user.refresh_from_db()
    assert user.check_password("Own-Password-2026") and not user.must_change_password


def test_user_names_are_namespaced_when_taken(world, admin):
    User.objects.create(username="20250000")
    _new_students(world, 1)
    accounts.accounts_for_imported(
        actor=admin, school=world.school1, students=Student.objects.filter(user__isnull=True, school=world.school1)
    )
    assert Student.objects.get(student_number="20250000").user.username == f"20250000.{world.school1.pk}"


def test_reset_a_class_gives_new_first_passwords(world, admin):
    _new_students(world, 2)
    accounts.accounts_for_imported(
        actor=admin, school=world.school1, students=Student.objects.filter(user__isnull=True, school=world.school1)
    )
    for user in User.objects.filter(username__startswith="2025"):
        accounts.first_password_set(user=user, password="Own-Password-2026")
    students = list(Student.objects.filter(cohort=world.cohort1, user__isnull=False).select_related("user", "cohort"))
    sheet = accounts.accounts_reset(actor=admin, students=students)
    assert sheet.people == len(students)
    user = User.objects.get(username="20250001")
    assert user.must_change_password and not user.has_usable_password()


def test_only_the_schools_admin(world):
    with pytest.raises(PermissionDenied):
        accounts.accounts_for_imported(
            actor=actor_for(world.other[Role.SCHOOL_ADMIN]), school=world.school1, students=Student.objects.none()
        )
    with pytest.raises(PermissionDenied):
        accounts.accounts_for_imported(
            actor=actor_for(world.users[Role.TEACHER]), school=world.school1, students=Student.objects.none()
        )


def test_pages(world, client):
    client.force_login(world.users[Role.SCHOOL_ADMIN])
    _new_students(world, 2)
    page = client.get(reverse("academics:accounts")).content.decode()
    assert "还没有登录账号" in page
    made = client.post(reverse("academics:accounts-create-missing"))
    sheet = AccountSheet.objects.get()
    assert made["Location"] == reverse("academics:account-sheet", args=[sheet.pk])
    download = client.post(reverse("academics:account-sheet-download", args=[sheet.pk]))
    assert download["Content-Disposition"].startswith("attachment") and download["Cache-Control"] == "no-store"
    assert client.get(reverse("academics:account-sheet", args=[sheet.pk])).status_code == 200
    client.force_login(world.other[Role.SCHOOL_ADMIN])
    assert client.get(reverse("academics:account-sheet", args=[sheet.pk])).status_code == 404
