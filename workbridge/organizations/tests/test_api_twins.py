"""The people page's "add a person" and the token page's "revoke", through the API."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from workbridge.core.roles import Role
from workbridge.organizations.models import Membership

pytestmark = pytest.mark.django_db


def test_admin_adds_a_person_with_a_role(world, api_client_for):
    admin = api_client_for(world.users[Role.ENTERPRISE_ADMIN])
    body = {
        "username": "new_mentor",
        "display_name": "孙师傅",
        "email": "sun@example.com",
        "organization": world.enterprise1.pk,
        "role": "enterprise_mentor",
    }
    made = admin.post("/api/v1/memberships/people/", body, format="json")
    assert made.status_code == 201, made.json()
    assert Membership.objects.filter(user__username="new_mentor", organization=world.enterprise1).exists()
    foreign = api_client_for(world.other[Role.ENTERPRISE_ADMIN]).post(
        "/api/v1/memberships/people/", {**body, "username": "other_one"}, format="json"
    )
    assert foreign.status_code in (400, 403, 404)
    assert not Membership.objects.filter(user__username="other_one").exists()


def test_token_revoke(world):
    user = world.users[Role.TEACHER]
    token = Token.objects.create(user=user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert client.delete("/api/v1/me/token/").status_code == 204
    assert not Token.objects.filter(user=user).exists()
    assert client.get("/api/v1/me/").status_code == 401
