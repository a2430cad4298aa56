import datetime as dt

import pytest

from workbridge.core.roles import Role
from workbridge.resources.models import Booking, BookingSlot

from .factories import ResourceFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_book_through_calendar_then_record_use(page_for, partnered, screenshot_dir):
    w = partnered
    lab = ResourceFactory(owner=w.school1, name="工业机器人实训室A", requires_approval=True)
    page = page_for(w.users[Role.ENTERPRISE_ADMIN].username, width=375)
    page.goto(f"{page.base_url}/resources/{lab.pk}/")
    this_monday = dt.date.fromisoformat(page.get_attribute("[data-week]", "data-week"))
    monday = (this_monday + dt.timedelta(days=7)).isoformat()
    page.click("[data-week-next]")  # next week: every slot is in the future
    page.wait_for_selector(f"[data-week='{monday}']")
    slot = f"{monday}T09:00"
    page.click(f"button[data-slot='{slot}']")
    page.wait_for_selector("#booking-form-el")
    page.fill("#booking-form-el input[name=end]", "11:00")
    page.fill("#booking-form-el input[name=purpose]", "新员工 PLC 培训")
    page.fill("#booking-form-el input[name=expected_users]", "12")
    page.click("#booking-submit")
    page.wait_for_selector("#booking-notice")
    page.screenshot(path=str(screenshot_dir / "resources-calendar-booked-375.png"), full_page=True)
    booking = Booking.objects.get(resource=lab)
    assert booking.status == "pending" and booking.purpose == "新员工 PLC 培训" and booking.hours == 2
    assert page.locator(f"td[data-booking='{booking.pk}']").count() == 4  # four half-hour slots shown as taken

    admin = page_for(w.users[Role.SCHOOL_ADMIN].username)
    admin.goto(f"{admin.base_url}/resources/bookings/")
    admin.click(f"#pending-{booking.pk} button.primary")
    admin.wait_for_selector(f"#pending-{booking.pk}[data-decided]")
    booking.refresh_from_db()
    assert booking.status == "approved"

    # Time passes: the session took place last week (shift the booking and its slots back 14 days).
    shift = dt.timedelta(days=14)
    Booking.objects.filter(pk=booking.pk).update(starts_at=booking.starts_at - shift, ends_at=booking.ends_at - shift)
    for s in BookingSlot.objects.filter(booking=booking):
        s.starts_at -= shift
        s.save()

    page.goto(f"{page.base_url}/resources/bookings/")
    page.click(f"a[href='/resources/bookings/{booking.pk}/usage/']")
    page.fill("input[name=hours]", "1.5")
    page.fill("input[name=users_count]", "11")
    page.click("#usage-submit")
    page.wait_for_selector("#usage-list")
    assert "新员工 PLC 培训" in page.inner_text("#usage-list") and "1.50" in page.inner_text("#usage-list")
    page.screenshot(path=str(screenshot_dir / "resources-usage-375.png"), full_page=True)
    admin.goto(f"{admin.base_url}/resources/utilisation/")
    assert "1.5" in admin.inner_text("main")
    admin.screenshot(path=str(screenshot_dir / "resources-utilisation.png"), full_page=True)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_archive_a_resource_then_find_it_under_the_archived_records(page_for, partnered, screenshot_dir):
    w = partnered
    old = ResourceFactory(owner=w.school1, name="旧版钳工实训室")
    ResourceFactory(owner=w.school1, name="数控加工实训车间")
    page = page_for(w.users[Role.SCHOOL_ADMIN].username)
    page.goto(f"{page.base_url}/resources/{old.pk}/")
    page.click("details.archive-panel summary")
    page.fill("details.archive-panel input[name=reason]", "设备已报废，实训室改建")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("details.archive-panel button.danger")
    page.wait_for_selector(".archived-banner")
    assert "设备已报废，实训室改建" in page.inner_text(".archived-banner")
    page.goto(f"{page.base_url}/resources/")
    assert "旧版钳工实训室" not in page.inner_text("main") and "数控加工实训车间" in page.inner_text("main")
    page.click(".archived-toggle a")
    page.wait_for_selector(".archived-toggle .badge")
    listing = page.inner_text("main")
    assert "旧版钳工实训室" in listing and "数控加工实训车间" not in listing
    row = page.inner_text("table tbody")
    assert "已归档" in row and "闲置" not in row, "an archived resource is marked archived, not flagged idle"
    page.screenshot(path=str(screenshot_dir / "resources-archived-list.png"), full_page=True)
