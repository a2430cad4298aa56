"""Granting a role by user name cannot attach strangers or probe for accounts (issue 8 item 4): colleagues get the
role, anyone else is invited and must accept, and the answer is the same whether or not the name exists."""

import pytest

from workbridge.core.models import Notification
from workbridge.core.roles import Role
from workbridge.organizations.models import Membership, MembershipInvitation, User

pytestmark = pytest.mark.django_db


def _grant(api_client_for, world, username, role=Role.TEACHER):
    return api_client_for(world.users[Role.SCHOOL_ADMIN]).post(
        "/api/v1/memberships/", {"username": username, "organization": world.school1.pk, "role": role}, format="json"
    )


@pytest.mark.parametrize("target", ["w_school_admin_2", "w_student_2", "w_platform", "nobody-has-this-name"])
def test_strangers_are_not_attached_and_answers_look_the_same(world, api_client_for, target):
    before = Membership.objects.count()
    answer = _grant(api_client_for, world, target)
    reference = _grant(api_client_for, world, "nobody-has-this-name-either")
    assert answer.status_code == reference.status_code == 202
    assert answer.json() == reference.json()
    assert Membership.objects.count() == before
    body = answer.content.decode()
    user = User.objects.filter(username=target).first()
    if user is not None:
        assert user.display_name not in body or user.display_name == target


def test_an_invited_person_accepts_and_only_then_holds_the_role(world, api_client_for):
    stranger = world.other[Role.TEACHER]
    _grant(api_client_for, world, stranger.username)
    invitation = MembershipInvitation.objects.get(user=stranger)
    assert not Membership.objects.filter(user=stranger, organization=world.school1).exists()
    assert Notification.objects.filter(recipient=stranger, kind="organizations.invitation").exists()
    # Nobody else can answer it.
    assert (
        api_client_for(world.users[Role.TEACHER]).post(f"/api/v1/invitations/{invitation.pk}/accept/").status_code
        == 404
    )
    answer = api_client_for(stranger).post(f"/api/v1/invitations/{invitation.pk}/accept/")
    assert answer.status_code == 200
    assert Membership.objects.filter(
        user=stranger, organization=world.school1, role=Role.TEACHER, is_active=True
    ).exists()


def test_declining_attaches_nothing(world, client):
    stranger = world.other[Role.TEACHER]
    client.force_login(world.users[Role.SCHOOL_ADMIN])
    page = client.post(
        f"/organizations/people/?org={world.school1.pk}",
        {"grant-username": stranger.username, "grant-role": Role.TEACHER, "grant-title": ""},
        follow=True,
    )
    assert "如果该用户名的账号存在" in page.content.decode()
    invitation = MembershipInvitation.objects.get(user=stranger)
    client.force_login(stranger)
    assert "邀请" in client.get("/organizations/invitations/").content.decode()
    client.post("/organizations/invitations/", {"invitation": invitation.pk, "answer": "decline"})
    invitation.refresh_from_db()
    assert invitation.status == "declined"
    assert not Membership.objects.filter(user=stranger, organization=world.school1).exists()


def test_colleagues_get_the_role_at_once(world, api_client_for):
    answer = _grant(api_client_for, world, world.users[Role.TEACHER].username, role=Role.SCHOOL_ADMIN)
    assert answer.status_code == 201
    assert Membership.objects.filter(user=world.users[Role.TEACHER], role=Role.SCHOOL_ADMIN).exists()


def test_wrong_role_is_refused_before_the_name_is_looked_at(world, api_client_for):
    for name in ("w_student_2", "nobody-has-this-name"):
        answer = _grant(api_client_for, world, name, role=Role.ENTERPRISE_MENTOR)
        assert answer.status_code == 400 and "role" in answer.json()["errors"]
