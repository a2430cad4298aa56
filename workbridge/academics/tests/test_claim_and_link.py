"""Issue 15.1: a student without a log-in claims their record (学籍认证); a school admin links an existing log-in
to a record; a password reset mail reaches people whose first password was never changed."""

import pytest
from django.core import mail
from django.core.cache import cache

from workbridge.academics import accounts
from workbridge.academics.models import Student
from workbridge.core.exceptions import TooManyAttempts, ValidationFailed
from workbridge.core.roles import Role
from workbridge.organizations.models import Membership, User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def _unclaimed(world) -> Student:
    student = Student.objects.filter(school=world.school1, user__isnull=True).first()
    if student is None:
        from workbridge.academics.tests.factories import StudentFactory

        student = StudentFactory(school=world.school1, user=None)
    Student.objects.filter(pk=student.pk).update(id_number_tail="123X")
    student.refresh_from_db()
    return student


def test_a_student_claims_their_record_through_the_page_and_is_signed_in(world, client):
    student = _unclaimed(world)
    response = client.post(
        "/academics/claim/",
        {
            "school": world.school1.pk,
            "student_number": student.student_number,
            "name": student.name,
            "id_tail": "123x",
            "password1": "Lakeside-Orchard-42",
            "password2": "Lakeside-Orchard-42",
        },
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 302
    student.refresh_from_db()
    assert student.user is not None and student.user.check_password("Lakeside-Orchard-42")
    assert Membership.objects.filter(user=student.user, organization=world.school1, role=Role.STUDENT).exists()
    assert client.get("/").status_code in (200, 302)  # signed in


def test_wrong_details_say_nothing_about_which_and_are_limited(world):
    student = _unclaimed(world)
    for _ in range(accounts.CLAIM_ATTEMPTS):
        with pytest.raises(ValidationFailed) as wrong:
            accounts.record_claim(
                school_id=world.school1.pk,
                student_number=student.student_number,
                name=student.name,
                id_tail="0000",
                password="Lakeside-Orchard-42",
                address="10.0.0.1",
            )
        assert "student_number" in wrong.value.errors
    with pytest.raises(TooManyAttempts):  # even with the right details, for an hour
        accounts.record_claim(
            school_id=world.school1.pk,
            student_number=student.student_number,
            name=student.name,
            id_tail="123X",
            password="Lakeside-Orchard-42",
            address="10.0.0.2",
        )
    student.refresh_from_db()
    assert student.user is None


def test_a_record_that_has_a_log_in_cannot_be_claimed(world):
    student = Student.objects.filter(school=world.school1, user__isnull=False).first()
    Student.objects.filter(pk=student.pk).update(id_number_tail="5678")
    with pytest.raises(ValidationFailed):
        accounts.record_claim(
            school_id=world.school1.pk,
            student_number=student.student_number,
            name=student.name,
            id_tail="5678",
            password="Lakeside-Orchard-42",
        )


def test_the_school_admin_links_an_existing_log_in_to_a_student(world, client):
    student = _unclaimed(world)
    person = User.objects.create(username="added-by-hand", display_name="手工添加")
    Membership.objects.create(user=person, organization=world.school1, role=Role.STUDENT)
    client.force_login(world.users[Role.SCHOOL_ADMIN])
    response = client.post("/academics/accounts/link/", {"username": "added-by-hand", "number": student.student_number})
    assert response.status_code == 302
    student.refresh_from_db()
    assert student.user_id == person.pk
    other = User.objects.create(username="elsewhere")
    Membership.objects.create(user=other, organization=world.school2, role=Role.STUDENT)
    client.post("/academics/accounts/link/", {"username": "elsewhere", "number": student.student_number})
    student.refresh_from_db()
    assert student.user_id == person.pk  # another school's log-in cannot be linked


def test_a_reset_mail_reaches_someone_whose_first_password_was_never_changed(world, client):
    user = User.objects.create(username="fresh-import", email="fresh@example.edu.cn", is_active=True)
    user.set_unusable_password()
    user.save()
    client.post("/accounts/password_reset/", {"email": "fresh@example.edu.cn"})
    assert len(mail.outbox) == 1 and "fresh@example.edu.cn" in mail.outbox[0].to
