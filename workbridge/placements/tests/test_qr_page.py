"""The workplace QR code: a scannable image whose link opens the student's check-in page with the code filled in."""

import re

import pytest

from workbridge.placements.engines.attendance import qr_verify

from .conftest import make_active_placement

pytestmark = pytest.mark.django_db


def test_mentor_shows_a_scannable_code_that_prefills_the_students_check_in(client, setup):
    placement = make_active_placement(setup)
    client.force_login(setup.mentor)
    page = client.get(f"/placements/placements/{placement.pk}/qr/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html
    token = re.search(r"data-qr-token>(\w+)<", html).group(1)
    placement.refresh_from_db()
    from django.utils import timezone

    assert qr_verify(placement.qr_secret, placement.pk, token, timezone.now())

    client.force_login(setup.student_user)
    day = client.get("/placements/my/", {"qr": token})
    assert day.status_code == 200
    assert f'value="{token}"' in day.content.decode()


def test_students_and_school_staff_cannot_open_the_code(client, setup):
    placement = make_active_placement(setup)
    for user in (setup.student_user, setup.school_admin):
        client.force_login(user)
        assert client.get(f"/placements/placements/{placement.pk}/qr/").status_code == 403
