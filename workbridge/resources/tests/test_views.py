import datetime as dt

import pytest
from django.utils import timezone

from workbridge.core.roles import Role
from workbridge.resources.models import Booking, UsageRecord

from .conftest import at
from .factories import ResourceFactory

pytestmark = pytest.mark.django_db


def test_calendar_booking_flow_through_pages(client, partnered):
    w = partnered
    lab = ResourceFactory(owner=w.school1)
    client.force_login(w.users[Role.ENTERPRISE_ADMIN])
    page = client.get(f"/resources/{lab.pk}/")
    assert page.status_code == 200 and lab.name in page.content.decode()
    day = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    form = client.get(f"/resources/{lab.pk}/book/", {"start": f"{day}T09:00"})
    assert 'value="09:00' in form.content.decode()
    resp = client.post(
        f"/resources/{lab.pk}/book/",
        {"date": day, "start": "09:00", "end": "11:00", "purpose": "员工培训", "expected_users": 8},
        HTTP_HX_REQUEST="true",
    )
    assert resp.status_code == 200 and 'id="booking-notice"' in resp.content.decode()
    booking = Booking.objects.get()
    assert booking.status == "pending"
    again = client.post(
        f"/resources/{lab.pk}/book/",
        {"date": day, "start": "10:00", "end": "12:00", "purpose": "x", "expected_users": 1},
        HTTP_HX_REQUEST="true",
    )
    assert "already booked" in again.content.decode() or "已被预约" in again.content.decode()
    assert Booking.objects.count() == 1
    client.force_login(w.users[Role.SCHOOL_ADMIN])
    assert "员工培训" in client.get("/resources/bookings/").content.decode()
    client.post(f"/resources/bookings/{booking.pk}/approve/", {"note": ""}, HTTP_HX_REQUEST="true")
    booking.refresh_from_db()
    assert booking.status == "approved"


def test_usage_page_records_use(client, partnered):
    w = partnered
    lab = ResourceFactory(owner=w.school1)
    start = timezone.now().replace(minute=0, second=0, microsecond=0) - dt.timedelta(hours=3)
    b = Booking.objects.create(
        resource=lab,
        owner=w.school1,
        requester_org=w.enterprise1,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        purpose="培训",
        status="approved",
    )
    client.force_login(w.users[Role.ENTERPRISE_ADMIN])
    resp = client.post(f"/resources/bookings/{b.pk}/usage/", {"hours": "2", "users_count": 9, "purpose": "PLC 培训"})
    assert resp.status_code == 302
    assert UsageRecord.objects.get().users_count == 9
    assert "PLC 培训" in client.get(f"/resources/{lab.pk}/").content.decode()


def test_other_region_gets_404(client, partnered):
    lab = ResourceFactory(owner=partnered.school1)
    client.force_login(partnered.other[Role.SCHOOL_ADMIN])
    assert client.get(f"/resources/{lab.pk}/").status_code == 404
    assert lab.name not in client.get("/resources/").content.decode()


def test_pages_render_for_each_role(client, partnered):
    ResourceFactory(owner=partnered.school1)
    for role in (Role.SCHOOL_ADMIN, Role.TEACHER, Role.ENTERPRISE_ADMIN, Role.AUTHORITY_OFFICER, Role.STUDENT):
        client.force_login(partnered.users[role])
        for url in ("/resources/", "/resources/bookings/", "/resources/utilisation/"):
            assert client.get(url).status_code == 200, (role, url)


def test_week_navigation_partial(client, partnered):
    lab = ResourceFactory(owner=partnered.school1)
    client.force_login(partnered.users[Role.TEACHER])
    resp = client.get(f"/resources/{lab.pk}/week/", {"week": "2030-01-09"})
    assert 'data-week="2030-01-07"' in resp.content.decode()
    assert at(1, 9) > timezone.now()


def test_api_booking_writes_of_another_region_are_404_even_with_a_bad_body(partnered, api_client_for):
    w = partnered
    lab = ResourceFactory(owner=w.school1)
    start = timezone.now().replace(minute=0, second=0, microsecond=0) - dt.timedelta(hours=3)
    b = Booking.objects.create(
        resource=lab,
        owner=w.school1,
        requester_org=w.enterprise1,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        purpose="培训",
        status="approved",
    )
    other = api_client_for(w.other[Role.SCHOOL_ADMIN])
    assert other.post(f"/api/v1/resources/bookings/{b.pk}/usage/", {}, format="json").status_code == 404
    assert (
        other.post(f"/api/v1/resources/bookings/{b.pk}/approve/", {"note": "x" * 400}, format="json").status_code == 404
    )
    assert not UsageRecord.objects.exists()
