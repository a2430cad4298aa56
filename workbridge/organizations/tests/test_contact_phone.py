"""An enterprise's contact phone is in clear only for its own staff, its partners' staff, its reviewers and the
platform admin; every other signed-in user sees it masked, on the page and through the API (issue 8 item 12)."""

import datetime as dt

import pytest

from workbridge.core.roles import Role

pytestmark = pytest.mark.django_db
PHONE = "0573-82345678"


@pytest.fixture
def phoned(world):
    world.enterprise1.contact_phone = PHONE
    world.enterprise1.save(update_fields=["contact_phone"])
    return world


def _api_phone(api_client_for, user, org):
    return api_client_for(user).get(f"/api/v1/organizations/{org.pk}/").json().get("contact_phone")


def test_own_staff_and_reviewers_see_it(phoned, api_client_for):
    for role in (Role.ENTERPRISE_ADMIN, Role.ENTERPRISE_MENTOR, Role.AUTHORITY_OFFICER, Role.PLATFORM_ADMIN):
        assert _api_phone(api_client_for, phoned.users[role], phoned.enterprise1) == PHONE


def test_others_see_it_masked_until_they_partner(phoned, api_client_for, client):
    from workbridge.partnerships.models import Agreement

    other_enterprise_admin = phoned.other[Role.ENTERPRISE_ADMIN]
    masked = _api_phone(api_client_for, other_enterprise_admin, phoned.enterprise1)
    if masked is not None:  # the other region may not see the enterprise at all
        assert masked != PHONE and masked.endswith("5678") and "*" in masked
    teacher = phoned.users[Role.TEACHER]
    shown = _api_phone(api_client_for, teacher, phoned.enterprise1)
    assert shown != PHONE and "*" in shown
    client.force_login(teacher)
    page = client.get(f"/organizations/{phoned.enterprise1.pk}/").content.decode()
    assert PHONE not in page
    Agreement.objects.create(
        school=phoned.school1,
        enterprise=phoned.enterprise1,
        title="框架协议",
        status="active",
        start_date=dt.date(2026, 1, 1),
        end_date=dt.date(2028, 12, 31),
    )
    assert _api_phone(api_client_for, teacher, phoned.enterprise1) == PHONE
