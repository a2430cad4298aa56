"""One rule for every view of a placement (issue 8 item 12): a mentor who does not mentor it gets 404 on the page,
the agreement PDF, the QR code and the API alike; its own mentor reaches all of them."""

import pytest
from django.contrib.auth import get_user_model

from workbridge.core.roles import Role
from workbridge.organizations.models import Membership
from workbridge.placements.tests.factories import PlacementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def placement(world):
    p = PlacementFactory(
        student=world.student1,
        position__enterprise=world.enterprise1,
        status="active",
        enterprise_mentor=world.users[Role.ENTERPRISE_MENTOR],
    )
    return p


def _urls(p):
    return [
        f"/placements/placements/{p.pk}/",
        f"/placements/placements/{p.pk}/agreement.pdf",
        f"/placements/placements/{p.pk}/qr/",
    ]


def test_another_mentor_of_the_same_enterprise_gets_404_everywhere(world, placement, client, api_client_for):
    other_mentor = get_user_model().objects.create(username="other_mentor")
    Membership.objects.create(user=other_mentor, organization=world.enterprise1, role=Role.ENTERPRISE_MENTOR)
    client.force_login(other_mentor)
    assert [client.get(url).status_code for url in _urls(placement)] == [404, 404, 404]
    assert api_client_for(other_mentor).get(f"/api/v1/placements/placements/{placement.pk}/").status_code == 404


def test_the_placements_own_mentor_reaches_page_and_qr(world, placement, client):
    client.force_login(world.users[Role.ENTERPRISE_MENTOR])
    statuses = [client.get(url).status_code for url in _urls(placement)]
    # The page opens and the QR code leads to the workplace's one code; the PDF answers "not generated yet"
    # rather than "not yours".
    assert statuses[0] == 200 and statuses[2] == 302 and statuses[1] == 403
    assert client.get(_urls(placement)[2], follow=True).status_code == 200
