"""In Chromium, the pages with scripts (dashboard, ECharts charts, the check-in, Swagger UI, ReDoc, htmx search,
auto-submitting selects) run under the Content-Security-Policy without a single violation."""

import pytest

from workbridge.core.roles import Role

# Records every violation the browser reports, in addition to its console messages ("Refused to ...").
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


def _watch(page):
    messages = []
    page.on("console", lambda msg: messages.append(f"{msg.type}: {msg.text}"))
    page.on("pageerror", lambda exc: messages.append(f"pageerror: {exc}"))
    page.add_init_script(RECORD_VIOLATIONS)
    return messages


def _check(page, messages, where, *, expected_blocked=()):
    violations = [
        v for v in page.evaluate("window.__cspViolations || []") if not any(f" {url} " in v for url in expected_blocked)
    ]
    refused = [m for m in messages if "Refused to" in m or "Content Security Policy" in m or m.startswith("pageerror")]
    refused = [m for m in refused if not any(f"'{url}'" in m for url in expected_blocked)]
    assert not violations and not refused, f"{where}: {violations} {refused}"


def _open(page, messages, path, *, wait_for=None, shot=None, screenshot_dir=None, expected_blocked=()):
    page.goto(f"{page.base_url}{path}")
    page.wait_for_load_state("networkidle")
    _check(page, messages, path, expected_blocked=expected_blocked)
    if wait_for:
        page.wait_for_selector(wait_for, timeout=15000)
    if shot:
        # The API docs are thousands of pixels long: only their first screen.
        page.screenshot(path=str(screenshot_dir / shot), full_page=not path.startswith("/api/"))
    _check(page, messages, path, expected_blocked=expected_blocked)


@pytest.fixture
def active_placement(world):
    from workbridge.compliance.services import rulesets_load_all
    from workbridge.placements.tests.conftest import make_active_placement
    from workbridge.placements.tests.factories import PositionFactory

    rulesets_load_all()
    position = PositionFactory(enterprise=world.enterprise1, reviewed_by_school=world.school1, status="approved")
    from types import SimpleNamespace

    setup = SimpleNamespace(
        world=world,
        position=position,
        student=world.student1,
        student_user=world.users[Role.STUDENT],
        school_admin=world.users[Role.SCHOOL_ADMIN],
        teacher_user=world.users[Role.TEACHER],
        ent_admin=world.users[Role.ENTERPRISE_ADMIN],
        mentor=world.users[Role.ENTERPRISE_MENTOR],
    )
    return make_active_placement(setup, days_ago=5)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_student_pages_run_under_the_csp(world, active_placement, page_for, screenshot_dir):
    from workbridge.placements.models import CheckIn

    page = page_for(world.users[Role.STUDENT].username, width=375, height=800)
    messages = _watch(page)
    _open(page, messages, "/", shot="csp-student-home-375.png", screenshot_dir=screenshot_dir)

    # The check-in: the page may ask for the location (Permissions-Policy) and its script runs (CSP).
    page.context.grant_permissions(["geolocation"], origin=page.base_url)
    position = active_placement.position
    page.context.set_geolocation(
        {"latitude": float(position.latitude), "longitude": float(position.longitude), "accuracy": 10}
    )
    _open(page, messages, "/placements/my/")
    page.click("#checkin-button")
    page.wait_for_selector("[data-checkin-status].good")
    assert CheckIn.objects.filter(placement=active_placement).count() == 1
    page.screenshot(path=str(screenshot_dir / "csp-student-checkin-375.png"), full_page=True)
    _check(page, messages, "check-in")

    _open(
        page,
        messages,
        "/api/docs/",
        wait_for=".swagger-ui .opblock",
        shot="csp-student-api-docs-375.png",
        screenshot_dir=screenshot_dir,
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_authority_pages_run_under_the_csp(world, active_placement, page_for, screenshot_dir):
    page = page_for(world.users[Role.AUTHORITY_OFFICER].username, width=1280)
    messages = _watch(page)
    _open(page, messages, "/", shot="csp-authority-home-1280.png", screenshot_dir=screenshot_dir)
    _open(
        page,
        messages,
        "/insights/",
        wait_for="#comparison-chart svg",
        shot="csp-authority-insights-1280.png",
        screenshot_dir=screenshot_dir,
    )
    # <select data-autosubmit> (was onchange="this.form.submit()", which the CSP blocks) still submits its form.
    _open(page, messages, "/evaluation/")
    with page.expect_navigation():
        page.select_option("select[name=band]", "deep")
    assert "band=deep" in page.url
    _check(page, messages, "evaluation band change")
    # The labour market page: its trend chart, or the empty state that says how to get one.
    _open(
        page,
        messages,
        "/labour-market/",
        wait_for="#trend svg, #trend .empty",
        shot="csp-authority-labour-market-1280.png",
        screenshot_dir=screenshot_dir,
    )
    # htmx: a search that swaps the rows.
    page.goto(f"{page.base_url}/partnerships/")
    page.wait_for_load_state("networkidle")
    with page.expect_response(lambda r: "/partnerships/" in r.url and r.request.headers.get("hx-request") == "true"):
        page.locator("input[name=q]").press_sequentially("ab")
    page.wait_for_load_state("networkidle")
    _check(page, messages, "partnerships htmx search")
    _open(
        page,
        messages,
        "/api/docs/",
        wait_for=".swagger-ui .opblock",
        shot="csp-authority-api-docs-1280.png",
        screenshot_dir=screenshot_dir,
    )
    # ReDoc always shows Redocly's logo from their CDN: the policy blocks exactly that request (no CDN traffic)
    # and ReDoc hides the broken image; anything else blocked fails.
    _open(
        page,
        messages,
        "/api/redoc/",
        wait_for="#redoc-container h1",
        shot="csp-authority-redoc-1280.png",
        screenshot_dir=screenshot_dir,
        expected_blocked=("https://cdn.redoc.ly/redoc/logo-mini.svg",),
    )
    assert page.evaluate("getComputedStyle(document.querySelector('#redoc-container h1')).fontSize") != "32px"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_school_pages_with_charts_run_under_the_csp(world, active_placement, page_for, screenshot_dir):
    page = page_for(world.users[Role.SCHOOL_ADMIN].username, width=375, height=800)
    messages = _watch(page)
    _open(page, messages, "/", shot="csp-school-home-375.png", screenshot_dir=screenshot_dir)
    _open(
        page,
        messages,
        "/placements/statistics/",
        wait_for="#stats-chart canvas, #stats-chart svg",
        shot="csp-school-placement-stats-375.png",
        screenshot_dir=screenshot_dir,
    )
    # The skills heat map is drawn by an inline (nonce'd) script.
    _open(
        page,
        messages,
        f"/labour-market/majors/{world.major1.pk}/",
        wait_for="#heat canvas, #heat svg",
        shot="csp-school-major-375.png",
        screenshot_dir=screenshot_dir,
    )
