"""Renewing an agreement through the pages, as a school admin (desktop, Chinese) and on a phone (English)."""

import datetime as dt

import pytest
from django.utils import timezone

from workbridge.core.roles import Role
from workbridge.partnerships.models import Agreement, AgreementClause
from workbridge.partnerships.tests.factories import AgreementFactory, ProjectFactory


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_school_admin_renews_an_expiring_agreement(world, page_for, screenshot_dir):
    today = timezone.localdate()
    agreement = AgreementFactory(
        school=world.school1,
        enterprise=world.enterprise1,
        status="active",
        title="智能制造合作框架协议",
        start_date=today - dt.timedelta(days=1000),
        end_date=today + dt.timedelta(days=20),
    )
    AgreementClause.objects.create(
        agreement=agreement, position=1, party="school", kind="obligation", text="每年输送实习生"
    )
    keep = ProjectFactory(agreement=agreement, status="running", title="电气订单班")
    ProjectFactory(agreement=agreement, status="running", title="设备维护技术服务")
    page = page_for(world.users[Role.SCHOOL_ADMIN].username, width=1280)
    page.goto(f"{page.base_url}/partnerships/agreements/{agreement.pk}/")
    page.click("#renew-button")
    page.uncheck("text=设备维护技术服务")
    page.screenshot(path=str(screenshot_dir / "partnerships-renew-1280-zh.png"), full_page=True)
    page.click("#form-submit")
    page.wait_for_load_state("networkidle")
    successor = Agreement.objects.get(renews=agreement)
    assert successor.status == "draft" and page.locator("#renews-link").is_visible()
    keep.refresh_from_db()
    assert keep.agreement_id == successor.pk
    phone = page_for(world.users[Role.SCHOOL_ADMIN].username, width=375, height=812, locale="en-US")
    phone.goto(f"{phone.base_url}/partnerships/agreements/{agreement.pk}/")
    assert phone.locator("#renewed-as-link").is_visible()
    phone.screenshot(path=str(screenshot_dir / "partnerships-renewed-375.png"), full_page=True)
