"""Issue 10.5: a check-in made without a network is kept on the phone, survives closing the page, and is sent once on
the next open."""

import pytest


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_check_in_queued_offline_survives_closing_the_page(setup, page_for):
    from workbridge.placements.models import CheckIn

    from .conftest import make_active_placement

    placement = make_active_placement(setup, days_ago=10)
    page = page_for(setup.student_user.username, width=375, height=800)
    page.context.grant_permissions(["geolocation"], origin=page.base_url)
    page.context.set_geolocation(
        {
            "latitude": float(placement.position.latitude),
            "longitude": float(placement.position.longitude),
            "accuracy": 10,
        }
    )
    page.goto(f"{page.base_url}/placements/my/")
    page.context.set_offline(True)
    page.click("#checkin-button")
    page.wait_for_selector("[data-checkin-status].warn")
    assert page.evaluate("window.WorkBridgeCheckin.queue().length") == 1
    page.close()
    assert not CheckIn.objects.filter(placement=placement).exists()
    reopened = page.context.new_page()
    reopened.context.set_offline(False)
    reopened.goto(f"{page.base_url}/placements/my/")
    reopened.wait_for_function("() => window.WorkBridgeCheckin && window.WorkBridgeCheckin.queue().length === 0")
    assert CheckIn.objects.filter(placement=placement).count() == 1  # sent once, on the next open
