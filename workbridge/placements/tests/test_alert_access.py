"""Alert pages and API show the same rows as the inbox: students never, enterprise mentors only their own students'."""

import pytest
from django.test import Client

from workbridge.core.roles import Role
from workbridge.organizations.models import Membership
from workbridge.organizations.tests.factories import UserFactory
from workbridge.placements.services import alerts as alerts

from .conftest import make_active_placement

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_alert_detail_follows_the_inbox(setup, api_client_for):
    placement = make_active_placement(setup)
    alert = alerts.left_post_report(actor=setup.mentor, placement=placement, note="下午离岗未请假")
    page, api = f"/placements/alerts/{alert.pk}/", f"/api/v1/placements/alerts/{alert.pk}/"
    assert _client(setup.school_admin).get(page).status_code == 200
    assert _client(setup.mentor).get(page).status_code == 200
    assert _client(setup.student_user).get(page).status_code == 404
    assert api_client_for(setup.student_user).get(api).status_code == 404
    # another mentor of the same enterprise does not mentor this student
    colleague = UserFactory(username="mentor_colleague")
    membership = Membership.objects.create(
        user=colleague, organization=setup.world.enterprise1, role=Role.ENTERPRISE_MENTOR
    )
    colleague.current_membership = membership
    colleague.save(update_fields=["current_membership"])
    assert _client(colleague).get(page).status_code == 404
    assert api_client_for(colleague).get(api).status_code == 404
    assert _client(colleague).post(page, {"action": "acknowledge"}).status_code == 404


def test_resolved_alert_stays_reachable_in_the_api(setup, api_client_for):
    placement = make_active_placement(setup)
    alert = alerts.left_post_report(actor=setup.mentor, placement=placement, note="离岗")
    client = api_client_for(setup.school_admin)
    resolved = client.post(
        f"/api/v1/placements/alerts/{alert.pk}/resolve/", {"resolution": "已联系学生返岗"}, format="json"
    )
    assert resolved.status_code == 200 and resolved.json()["status"] == "resolved"
    assert client.get(f"/api/v1/placements/alerts/{alert.pk}/").json()["resolution"] == "已联系学生返岗"
    assert client.get("/api/v1/placements/alerts/").json()["count"] == 0  # the inbox lists open alerts by default
    assert client.get("/api/v1/placements/alerts/?status=resolved").json()["count"] == 1
