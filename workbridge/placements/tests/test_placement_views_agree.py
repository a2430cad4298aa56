"""Issue 8 item 12: one access rule for every view of a placement. Detail, agreement PDF and QR answer alike for each
role; an enterprise mentor who is not assigned to the placement gets none of them (the old code served PDF and QR)."""

import pytest

from workbridge.core.roles import Role
from workbridge.organizations.models import Membership
from workbridge.organizations.tests.factories import UserFactory

from .conftest import make_ready_placement

pytestmark = pytest.mark.django_db


def _other_mentor(setup):
    user = UserFactory(username="other_mentor")
    user.current_membership = Membership.objects.create(
        user=user, organization=setup.world.enterprise1, role=Role.ENTERPRISE_MENTOR
    )
    user.save()
    return user


def _codes(client, user, pk):
    client.force_login(user)
    base = f"/placements/placements/{pk}/"
    # the placement's QR link leads (302) to its workplace's one code: follow it
    return tuple(client.get(base + suffix, follow=True).status_code for suffix in ("", "agreement.pdf", "qr/"))


def test_detail_pdf_and_qr_agree_per_role(client, setup):
    p = make_ready_placement(setup)
    w = setup.world
    assert _codes(client, setup.mentor, p.pk) == (200, 200, 200)  # the assigned enterprise mentor
    assert _codes(client, setup.ent_admin, p.pk) == (200, 200, 200)
    assert _codes(client, _other_mentor(setup), p.pk) == (404, 404, 404)  # same enterprise, not assigned
    assert _codes(client, w.other[Role.ENTERPRISE_ADMIN], p.pk) == (404, 404, 404)  # another enterprise
    assert _codes(client, w.other[Role.SCHOOL_ADMIN], p.pk) == (404, 404, 404)  # another school
    # The placement's own student and school see it; the workplace code is only for the enterprise that shows it.
    assert _codes(client, setup.student_user, p.pk) == (200, 200, 403)
    assert _codes(client, setup.school_admin, p.pk) == (200, 200, 403)


def test_api_agrees_with_pages_for_an_unassigned_mentor(setup, api_client_for):
    p = make_ready_placement(setup)
    assert api_client_for(setup.mentor).get(f"/api/v1/placements/placements/{p.pk}/").status_code == 200
    assert api_client_for(_other_mentor(setup)).get(f"/api/v1/placements/placements/{p.pk}/").status_code == 404
