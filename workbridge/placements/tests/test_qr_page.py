"""The workplace QR code: a scannable image whose link opens the student's check-in page with the code filled in."""

import re

import pytest

from workbridge.placements.engines.attendance import qr_verify

from .conftest import make_active_placement

pytestmark = pytest.mark.django_db


def test_mentor_shows_a_scannable_code_that_prefills_the_students_check_in(client, setup):
    placement = make_active_placement(setup)
    client.force_login(setup.mentor)
    page = client.get(f"/placements/placements/{placement.pk}/qr/", follow=True)  # the workplace's one code
    assert (
        page.status_code == 200 and page.redirect_chain[-1][0] == f"/placements/positions/{placement.position_id}/qr/"
    )
    html = page.content.decode()
    assert "<svg" in html
    token = re.search(r"data-qr-token>(\w+)<", html).group(1)
    placement.position.refresh_from_db()
    from django.utils import timezone

    assert qr_verify(placement.position.qr_secret, placement.position_id, token, timezone.now())

    client.force_login(setup.student_user)
    day = client.get("/placements/my/", {"qr": token})
    assert day.status_code == 200
    assert f'value="{token}"' in day.content.decode()


def test_students_and_school_staff_cannot_open_the_code(client, setup):
    placement = make_active_placement(setup)
    for user in (setup.student_user, setup.school_admin):
        client.force_login(user)
        assert client.get(f"/placements/placements/{placement.pk}/qr/").status_code == 403


def test_one_code_per_workplace_serves_every_intern_and_the_result_says_what_it_means(client, setup):
    """Issue 15.6: a mentor with several interns shows one code, not one per student; the check-in answer says
    what its figures mean."""
    from django.utils import timezone, translation

    from workbridge.academics.tests.factories import StudentFactory
    from workbridge.core.access import actor_for
    from workbridge.organizations.models import Membership, User
    from workbridge.placements.engines.attendance import qr_token, qr_window
    from workbridge.placements.services import attendance as att

    from .factories import PlacementFactory

    first = make_active_placement(setup)
    classmate_user = User.objects.create(username="classmate-qr")
    Membership.objects.create(user=classmate_user, organization=setup.world.school1, role="student")
    classmate = StudentFactory(school=setup.world.school1, major=setup.student.major, user=classmate_user)
    second = PlacementFactory(
        student=classmate,
        position=first.position,
        status="active",
        start_date=first.start_date,
        end_date=first.end_date,
    )
    client.force_login(setup.mentor)
    assert client.get(f"/placements/positions/{first.position_id}/qr/").status_code == 200
    first.position.refresh_from_db()
    token = qr_token(first.position.qr_secret, first.position_id, qr_window(timezone.now()))
    for placement, user in ((first, setup.student_user), (second, classmate_user)):
        checkin, _created = att.checkin_record(
            actor=actor_for(user),
            placement=placement,
            client_key=f"qr-check-{placement.pk:04d}",
            direction="in",
            occurred_at=timezone.now(),
            qr_token=token,
        )
        assert checkin.qr_valid is True  # the same code for both interns of the post
        with translation.override("zh-hans"):
            assert att.checkin_summary(checkin) == "已用工作场所签到码签到。"
