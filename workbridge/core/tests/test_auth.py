import pytest
from django.conf import settings
from django.core import mail
from rest_framework.test import APIClient

from workbridge.core.models import AuditLog
from workbridge.core.roles import Role

PASSWORD = "pass-1234-word"


@pytest.mark.django_db
def test_login_logout_and_session_expiry_settings(world, client):
    response = client.post("/accounts/login/", {"username": "w_school_admin_1", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 200
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600 and settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert client.session.get_expiry_age() <= settings.SESSION_COOKIE_AGE
    client.post("/accounts/logout/")
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_login_rate_limit_locks_after_repeated_failures(world, client):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "w_teacher_1", "password": "wrong"})
    response = client.post("/accounts/login/", {"username": "w_teacher_1", "password": PASSWORD})
    assert response.status_code == 429
    assert "/" != response.get("Location")
    # Another user from the same address is not locked out.
    response = client.post("/accounts/login/", {"username": "w_student_1", "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
def test_password_change_is_audited_and_reset_mail_is_sent(world, client):
    user = world.users[Role.TEACHER]
    client.force_login(user)
    response = client.post(
        "/accounts/password_change/",
        {"old_password": PASSWORD, "new_password1": "another-pass-5678", "new_password2": "another-pass-5678"},
    )
    assert response.status_code == 302
    assert AuditLog.objects.filter(action="user.password_change", target_id=str(user.pk)).exists()
    client.logout()
    response = client.post("/accounts/password_reset/", {"email": user.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and "/accounts/reset/" in mail.outbox[0].body


@pytest.mark.django_db
def test_api_token_obtain_use_and_rotate(world):
    anonymous = APIClient()
    refused = anonymous.get("/api/v1/students/")
    assert refused.status_code == 401 and refused["WWW-Authenticate"] == "Token"
    response = anonymous.post(
        "/api/v1/auth/token/", {"username": "w_school_admin_1", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    listing = client.get("/api/v1/students/")
    assert listing.status_code == 200 and listing.json()["count"] == 1
    assert AuditLog.objects.filter(action="api_token.rotate").exists()
    bad = anonymous.post("/api/v1/auth/token/", {"username": "w_school_admin_1", "password": "nope"}, format="json")
    assert bad.status_code == 403


@pytest.mark.django_db
def test_token_page_creates_a_token(world, client):
    client.force_login(world.users[Role.STUDENT])
    response = client.post("/accounts/token/", {"action": "rotate"})
    assert response.status_code == 200
    from rest_framework.authtoken.models import Token

    key = Token.objects.get(user=world.users[Role.STUDENT]).key
    assert key in response.content.decode()
    client.post("/accounts/token/", {"action": "revoke"})
    assert not Token.objects.filter(user=world.users[Role.STUDENT]).exists()


@pytest.mark.django_db
def test_role_switch_is_audited(world, client):
    from workbridge.organizations.models import Membership

    user = world.users[Role.TEACHER]
    second = Membership.objects.create(user=user, organization=world.enterprise1, role=Role.ENTERPRISE_MENTOR)
    client.force_login(user)
    client.post("/accounts/switch/", {"membership": second.pk})
    user.refresh_from_db()
    assert user.current_membership == second
    assert AuditLog.objects.filter(action="membership.switch").exists()
    foreign = Membership.objects.get(user=world.other[Role.TEACHER])
    assert client.post("/accounts/switch/", {"membership": foreign.pk}).status_code == 404


@pytest.mark.django_db
def test_schema_has_no_errors_and_docs_are_served_locally(world, client):
    client.force_login(world.users[Role.SCHOOL_ADMIN])
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    docs = client.get("/api/docs/").content.decode()
    assert "cdn" not in docs.lower() and "/static/drf_spectacular_sidecar/" in docs
