"""Issue 10.5: a check-in made without a network is kept on the phone, survives closing the page, and is sent once on
the next open."""

import pytest


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_check_in_queued_offline_survives_closing_the_page(setup, page_for):
    from workbridge.placements.models import CheckIn

    from .conftest import go_offline, go_online, make_active_placement

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
    go_offline(page)
    page.click("#checkin-button")
    page.wait_for_selector("[data-checkin-status].warn")
    assert page.evaluate("window.WorkBridgeCheckin.queue().length") == 1
    page.close()
    assert not CheckIn.objects.filter(placement=placement).exists()
    go_online(page.context)
    reopened = page.context.new_page()
    reopened.goto(f"{page.base_url}/placements/my/")
    reopened.wait_for_function("() => window.WorkBridgeCheckin && window.WorkBridgeCheckin.queue().length === 0")
    assert CheckIn.objects.filter(placement=placement).count() == 1  # sent once, on the next open


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_check_in_photo_waits_on_the_phone_with_its_check_in(setup, page_for):
    """Issue 15.6: the photo is kept as a Blob in IndexedDB beside the queued check-in and sent with it later."""
    import io

    from PIL import Image

    from workbridge.placements.models import CheckIn
    from workbridge.placements.services import attendance as att

    from .conftest import go_offline, go_online, make_active_placement

    placement = make_active_placement(setup, days_ago=10)
    att.placement_set_photo_policy(actor=setup.school_admin, placement=placement, policy="required")
    photo = io.BytesIO()
    Image.new("RGB", (300, 200), (90, 140, 90)).save(photo, format="JPEG")
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
    page.set_input_files(
        "[data-checkin-photo]", files=[{"name": "a.jpg", "mimeType": "image/jpeg", "buffer": photo.getvalue()}]
    )
    go_offline(page)
    page.click("#checkin-button")
    page.wait_for_selector("[data-checkin-status].warn")
    queued = page.evaluate("window.WorkBridgeCheckin.queue()")
    assert len(queued) == 1 and queued[0]["photo"] is True
    key = queued[0]["client_key"]
    size = page.evaluate(
        """key => new Promise(resolve => {
            const open = indexedDB.open("wb-checkin-photos", 1);
            open.onsuccess = () => {
                const get = open.result.transaction("photos").objectStore("photos").get(key);
                get.onsuccess = () => resolve(get.result ? get.result.size : 0);
            };
        })""",
        key,
    )
    assert size == len(photo.getvalue())  # the Blob itself waits in IndexedDB
    page.close()
    assert not CheckIn.objects.filter(placement=placement).exists()
    go_online(page.context)
    reopened = page.context.new_page()
    reopened.goto(f"{page.base_url}/placements/my/")
    reopened.wait_for_function("() => window.WorkBridgeCheckin && window.WorkBridgeCheckin.queue().length === 0")
    checkin = CheckIn.objects.get(placement=placement)
    assert checkin.photo and checkin.offline and checkin.client_key == key
    left = reopened.evaluate(
        """key => new Promise(resolve => {
            const open = indexedDB.open("wb-checkin-photos", 1);
            open.onsuccess = () => {
                const get = open.result.transaction("photos").objectStore("photos").count();
                get.onsuccess = () => resolve(get.result);
            };
        })""",
        key,
    )
    assert left == 0  # sent: the phone keeps no copy
