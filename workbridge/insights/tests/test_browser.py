"""The authority's dashboard in Chromium (desktop and 375 px): figures, charts drawn, drill-down to records."""

import datetime as dt

import pytest

from workbridge.core.roles import Role
from workbridge.evaluation import services
from workbridge.evaluation.tests import builders as b

D = dt.date


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_authority_dashboard_drill_and_phone(world, page_for, screenshot_dir):
    s1, e1 = world.school1, world.enterprise1
    p = b.project(b.agreement(s1, e1, start=D(2023, 9, 1), end=D(2027, 8, 31)), "order_class")
    b.output(p, "money_invested", 90000, on=dt.date.today())
    this_year = dt.date.today().year
    b.placement(
        s1,
        e1,
        start=dt.date.today() - dt.timedelta(days=20),
        end=dt.date.today() + dt.timedelta(days=60),
        status="active",
    )
    from workbridge.evaluation.engines.terms import term_of

    services.scores_recompute(actor=None, term=term_of(dt.date.today()).code)
    page = page_for(world.users[Role.AUTHORITY_OFFICER].username)
    page.goto(f"{page.base_url}/insights/?year={this_year}")
    page.wait_for_selector("#depth-chart svg")
    assert page.locator("[data-figure=internships] .card-value").inner_text().strip() == "1"
    assert world.school2.name not in page.content()
    page.screenshot(path=str(screenshot_dir / "insights-dashboard.png"), full_page=True)
    page.click("[data-figure=internships]")
    page.wait_for_selector("#drill-table")
    assert page.locator("#drill-table tbody tr").count() == 1
    phone = page_for(world.users[Role.AUTHORITY_OFFICER].username, width=375, height=800)
    phone.goto(f"{phone.base_url}/insights/?year={this_year}")
    phone.wait_for_selector("#depth-chart svg")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 380, f"page scrolls sideways at 375 px ({width})"
    phone.screenshot(path=str(screenshot_dir / "insights-dashboard-375.png"), full_page=True)
    # the enterprise sees its depth score, readiness and statement on its own page
    ent = page_for(world.users[Role.ENTERPRISE_ADMIN].username, width=375, height=800)
    ent.goto(f"{ent.base_url}/evaluation/integration/{e1.pk}/")
    assert ent.locator("#depth-score").inner_text().strip() not in ("", "—")
    assert ent.locator("#readiness-table tbody tr").count() >= 10
    ent.screenshot(path=str(screenshot_dir / "evaluation-enterprise-375.png"), full_page=True)
