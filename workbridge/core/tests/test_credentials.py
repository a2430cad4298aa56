"""API tokens die with the password (change, reset, admin set, first password) and with the account; a locked-out
API log-in answers JSON (issue 8, items 9 and 12)."""

import re

import pytest
from django.conf import settings
from django.core import mail
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from workbridge.core.roles import Role

PASSWORD = "pass-1234-word"
pytestmark = pytest.mark.django_db


def _token_for(username: str) -> str:
    answer = APIClient().post("/api/v1/auth/token/", {"username": username, "password": PASSWORD}, format="json")
    assert answer.status_code == 200
    return answer.json()["token"]


def _works(token: str) -> bool:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client.get("/api/v1/students/").status_code == 200


def test_password_change_ends_api_tokens(world, client):
    user = world.users[Role.TEACHER]
    token = _token_for(user.username)
    assert _works(token)
    client.force_login(user)
    client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": "another-pass-5678", "new_password2": "another-pass-5678"},
    )
    assert not _works(token) and not Token.objects.filter(user=user).exists()


def test_password_reset_ends_api_tokens(world, client):
    user = world.users[Role.TEACHER]
    token = _token_for(user.username)
    client.post("/accounts/password_reset/", {"email": user.email})
    link = re.search(r"/accounts/reset/\S+/\S+/", mail.outbox[0].body).group(0)
    form_page = client.get(link, follow=True)
    answer = client.post(
        form_page.request["PATH_INFO"], {"new_password1": "reset-pass-9876", "new_password2": "reset-pass-9876"}
    )
    assert answer.status_code == 302
    assert not _works(token)


def test_admin_password_set_and_deactivation_end_api_tokens(world, client):
    user = world.users[Role.TEACHER]
    token = _token_for(user.username)
    platform_admin = world.users[Role.PLATFORM_ADMIN]
    platform_admin.is_staff = True  # what granting the platform-admin role through the service sets
    platform_admin.save(update_fields=["is_staff"])
    client.force_login(platform_admin)
    answer = client.post(
        f"/admin/organizations/user/{user.pk}/password/",
        {"password1": "admin-set-4321x", "password2": "admin-set-4321x", "usable_password": "true"},
    )
    assert answer.status_code == 302 and answer["Location"].endswith(f"/admin/organizations/user/{user.pk}/change/")
    assert not _works(token)
    token = _token_for("w_student_1")
    student = world.users[Role.STUDENT]
    student.is_active = False
    from django.contrib.admin.sites import site

    from workbridge.organizations.models import User

    admin = site._registry[User]
    request = type("R", (), {"user": world.users[Role.PLATFORM_ADMIN]})()
    admin.save_model(request, student, form=None, change=True)
    assert not Token.objects.filter(user=student).exists()


def test_locked_out_api_login_answers_json(world):
    client = APIClient()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/api/v1/auth/token/", {"username": "w_teacher_1", "password": "wrong"}, format="json")
    answer = client.post("/api/v1/auth/token/", {"username": "w_teacher_1", "password": PASSWORD}, format="json")
    assert answer.status_code == 429
    assert answer["Content-Type"] == "application/json"
    assert answer.json()["code"] == "locked_out" and int(answer["Retry-After"]) > 0


def test_locked_out_web_login_keeps_its_page(world, client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "w_teacher_1", "password": "wrong"})
    page = client.post("/accounts/login/", {"username": "w_teacher_1", "password": PASSWORD})
    assert page.status_code == 429 and page["Content-Type"].startswith("text/html")
