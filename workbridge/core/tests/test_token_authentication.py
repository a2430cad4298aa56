"""API token authentication reads the token, the user and the acting identity in one statement (issue 14), and
nothing of it outlives the request: a revoked token, a deactivated user, a revoked or switched role take effect
on the very next request, exactly as with DRF's own token authentication and actor_for."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from workbridge.core.access import actor_for
from workbridge.core.authentication import TokenAuthentication
from workbridge.core.roles import Role
from workbridge.organizations import services as org_svc
from workbridge.organizations.models import Membership, User

pytestmark = pytest.mark.django_db

PING = "/api/v1/placements/ping/"


def token_auth() -> TokenAuthentication:
    return TokenAuthentication()


def client_with(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def ping_role(key: str):
    response = client_with(key).get(PING)
    return response.status_code, (response.json().get("role") if response.status_code == 200 else response.json())


def test_every_role_gets_the_actor_actor_for_builds(world):
    for users in (world.users, world.other):
        for role, user in users.items():
            key = Token.objects.create(user=user).key
            with CaptureQueriesContext(connection) as ctx:
                response = client_with(key).get(PING)
            assert response.status_code == 200 and response.json()["role"] == role, role
            loaded = token_auth().authenticate_credentials(key)[0]
            assert actor_for(loaded) == actor_for(User.objects.get(pk=user.pk)), role
            # one statement, unless the role reads more (regions, member organisations) or there is no current
            # membership to join (the platform admin here: actor_for picks the first active one)
            if user.current_membership_id and role not in (
                Role.AUTHORITY_OFFICER,
                Role.GROUP_OFFICER,
                Role.ASSOCIATION_OFFICER,
            ):
                assert len(ctx.captured_queries) == 1, (role, [q["sql"] for q in ctx.captured_queries])


def test_revoked_or_rotated_token_is_refused_on_the_next_request(world):
    user = world.users[Role.STUDENT]
    old = org_svc.api_token_rotate(user=user).key
    assert ping_role(old) == (200, Role.STUDENT)
    new = org_svc.api_token_rotate(user=user).key
    assert ping_role(old)[0] == 401
    assert ping_role(new) == (200, Role.STUDENT)
    org_svc.api_token_revoke(user=user)
    status, body = ping_role(new)
    assert status == 401 and body["code"] == "authentication_failed"
    assert client_with("no-such-token").get(PING).status_code == 401


def test_deactivated_user_is_refused_with_drfs_answer(world):
    user = world.users[Role.STUDENT]
    key = Token.objects.create(user=user).key
    assert ping_role(key)[0] == 200
    User.objects.filter(pk=user.pk).update(is_active=False)
    response = client_with(key).get(PING)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["code"] == "authentication_failed"
    User.objects.filter(pk=user.pk).update(is_active=True)
    assert ping_role(key)[0] == 200


def test_role_switch_and_revoked_membership_change_the_actor_at_once(world):
    user = world.users[Role.TEACHER]
    key = Token.objects.create(user=user).key
    assert ping_role(key) == (200, Role.TEACHER)
    # a second role: switching to it changes the next request's actor
    second = Membership.objects.create(user=user, organization=world.enterprise1, role=Role.ENTERPRISE_MENTOR)
    org_svc.user_switch_membership(user=User.objects.get(pk=user.pk), membership_id=second.pk)
    assert ping_role(key) == (200, Role.ENTERPRISE_MENTOR)
    # the current membership deactivated behind the services' back: actor_for's fallback (first active one)
    Membership.objects.filter(pk=second.pk).update(is_active=False)
    assert ping_role(key) == (200, Role.TEACHER)
    loaded = token_auth().authenticate_credentials(key)[0]
    assert actor_for(loaded) == actor_for(User.objects.get(pk=user.pk))
    # no active membership at all: authenticated, with no role
    Membership.objects.filter(user=user).update(is_active=False)
    assert ping_role(key) == (200, None)


def test_student_actor_needs_the_student_record_of_the_same_school(world):
    user = world.users[Role.STUDENT]
    key = Token.objects.create(user=user).key
    loaded = token_auth().authenticate_credentials(key)[0]
    assert actor_for(loaded).student_id == world.student1.pk
    # a student membership at another school than the student record's: no student_id (as actor_for decides)
    membership = Membership.objects.get(pk=user.current_membership_id)
    Membership.objects.filter(pk=membership.pk).update(organization=world.school2)
    loaded = token_auth().authenticate_credentials(key)[0]
    actor = actor_for(loaded)
    assert actor.role == Role.STUDENT and actor.student_id is None
    assert actor == actor_for(User.objects.get(pk=user.pk))
