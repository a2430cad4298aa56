"""Content-Security-Policy (django-csp) and Permissions-Policy (django-permissions-policy) on every response, the
nonce on every inline script and style, no inline event handler in any template, and the API docs setting."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from workbridge.core.roles import Role

TEMPLATE_ROOT = Path(settings.BASE_DIR) / "workbridge"
NONCE_ATTR = 'nonce="{{ request.csp_nonce }}"'


def _directives(header: str) -> dict[str, list[str]]:
    parts = [p.strip().split() for p in header.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


def _assert_strict_policy(response) -> dict[str, list[str]]:
    assert "Content-Security-Policy" in response, "no Content-Security-Policy header"
    d = _directives(response["Content-Security-Policy"])
    assert d["default-src"] == ["'self'"]
    assert d["object-src"] == ["'none'"]
    assert d["frame-ancestors"] == ["'none'"]
    assert d["base-uri"] == ["'self'"]
    assert d["form-action"] == ["'self'"]
    assert d["img-src"] == ["'self'", "data:"]
    assert "'unsafe-inline'" not in d["script-src"] and "'unsafe-eval'" not in d["script-src"]
    assert "'unsafe-inline'" not in d["style-src"]
    return d


# ----- CSP header and nonces ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_page_sends_the_strict_policy_with_the_nonce_of_its_inline_scripts(world, client):
    client.force_login(world.users[Role.AUTHORITY_OFFICER])
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    d = _assert_strict_policy(response)
    nonces = [v for v in d["script-src"] if v.startswith("'nonce-")]
    assert len(nonces) == 1, d["script-src"]
    nonce = nonces[0].removeprefix("'nonce-").removesuffix("'")
    assert d["style-src"] == ["'self'", f"'nonce-{nonce}'"]
    html = response.content.decode()
    inline = re.findall(r"<(script|style)\b(?![^>]*\bsrc=)([^>]*)>", html)
    assert len(inline) >= 2, "the API docs page has an inline script and style (Swagger UI's set-up)"
    for tag, attrs in inline:
        assert f'nonce="{nonce}"' in attrs, f"<{tag}{attrs}> has no nonce or another one than the header's"


@pytest.mark.django_db
def test_each_response_gets_a_fresh_nonce(world, client):
    client.force_login(world.users[Role.AUTHORITY_OFFICER])
    first = client.get(reverse("api-docs"))["Content-Security-Policy"]
    second = client.get(reverse("api-docs"))["Content-Security-Policy"]
    assert re.search(r"'nonce-[^']+'", first).group() != re.search(r"'nonce-[^']+'", second).group()


@pytest.mark.django_db
def test_api_response_sends_the_policy_too(world, api_client_for):
    response = api_client_for(world.users[Role.SCHOOL_ADMIN]).get("/api/v1/imports/")
    assert response.status_code == 200
    _assert_strict_policy(response)


@pytest.mark.django_db
def test_login_page_sends_the_policy(client):
    _assert_strict_policy(client.get(reverse("login")))


# ----- templates: nothing inline can run without the nonce ---------------------------------------------------


def _templates():
    return sorted(p for p in TEMPLATE_ROOT.rglob("templates/**/*.html"))


def test_templates_are_found():
    names = {p.name for p in _templates()}
    assert {"base.html", "student_day.html", "dashboard.html"} <= names


@pytest.mark.parametrize("kind", ["script", "style"])
def test_no_template_has_an_inline_script_or_style_without_the_nonce(kind):
    offenders = []
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(rf"<{kind}\b([^>]*)>", text, flags=re.I):
            attrs = match.group(1)
            if kind == "script" and re.search(r"\bsrc\s*=", attrs):
                continue
            if NONCE_ATTR not in attrs:
                line = text.count("\n", 0, match.start()) + 1
                offenders.append(f"{path.relative_to(TEMPLATE_ROOT)}:{line}: {match.group(0)}")
    assert not offenders, f"inline <{kind}> without {NONCE_ATTR}:\n" + "\n".join(offenders)


# onclick=, onchange=, onsubmit=, ... hx-on:..., hx-on::..., href="javascript:...", hx-vals='js:...'
INLINE_CODE = re.compile(r"""(\son[a-z]+\s*=|\shx-on[:\-=]|["']\s*javascript:|["']\s*js:)""", re.I)


def test_no_template_has_an_inline_event_handler_or_javascript_url():
    offenders = []
    for path in _templates():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if INLINE_CODE.search(line):
                offenders.append(f"{path.relative_to(TEMPLATE_ROOT)}:{number}: {line.strip()[:160]}")
    assert not offenders, "inline event handlers do not run under the CSP; use a static script:\n" + "\n".join(
        offenders
    )


def test_the_template_check_catches_handlers():
    assert INLINE_CODE.search('<select name="x" onchange="this.form.submit()">')
    assert INLINE_CODE.search('<form ONSUBMIT = "go()">')
    assert INLINE_CODE.search('<button hx-on:click="alert(1)">')
    assert INLINE_CODE.search("<div hx-vals='js:{a: 1}'>")
    assert INLINE_CODE.search('<a href="javascript:void(0)">')
    assert not INLINE_CODE.search('<select name="x" data-autosubmit>')
    assert not INLINE_CODE.search('<p class="note">Turn on notifications = fewer surprises</p>')


# ----- Permissions-Policy --------------------------------------------------------------------------------------


def _features(header: str) -> dict[str, str]:
    return dict(item.strip().split("=", 1) for item in header.split(","))


@pytest.mark.django_db
def test_only_the_check_in_page_and_the_position_form_may_ask_for_the_location(world, client):
    client.force_login(world.users[Role.STUDENT])
    for url in (reverse("placements:my"), reverse("placements:home")):  # the student's check-in page
        response = client.get(url)
        assert response.status_code == 200
        features = _features(response["Permissions-Policy"])
        assert features["geolocation"] == "(self)", url
        # the check-in may carry a photo taken with the phone's camera (issue 15.6); never the microphone
        assert features["camera"] == "(self)" and features["microphone"] == "()"
    for url in (reverse("home"), reverse("placements:applications")):
        features = _features(client.get(url)["Permissions-Policy"])
        assert features["geolocation"] == "()" and features["camera"] == "()", url


@pytest.mark.django_db
def test_the_position_form_may_ask_for_the_location_too(world, client):
    """The enterprise admin at the workplace fills the coordinates from the phone; the position list may not."""
    client.force_login(world.users[Role.ENTERPRISE_ADMIN])
    page = client.get(reverse("placements:position-new"))
    assert _features(page["Permissions-Policy"])["geolocation"] == "(self)"
    assert 'id="use-my-location"' in page.content.decode()
    listing = client.get(reverse("placements:positions"))
    assert _features(listing["Permissions-Policy"])["geolocation"] == "()"


@pytest.mark.django_db
def test_api_responses_deny_the_location(world, api_client_for):
    response = api_client_for(world.users[Role.STUDENT]).get("/api/v1/imports/")
    assert _features(response["Permissions-Policy"])["geolocation"] == "()"


# ----- API docs: public or behind the log-in ----------------------------------------------------------------

DOC_PAGES = ["/api/docs/", "/api/redoc/"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/schema/", *DOC_PAGES])
def test_api_docs_are_public_when_the_setting_is_on(client, settings, url):
    settings.API_DOCS_PUBLIC = True
    response = client.get(url)
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("url", DOC_PAGES)
def test_api_doc_pages_send_anonymous_visitors_to_the_login_when_off(client, settings, url):
    settings.API_DOCS_PUBLIC = False
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.django_db
def test_api_schema_refuses_anonymous_callers_when_off(client, settings):
    settings.API_DOCS_PUBLIC = False
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    # The API's answer to anonymous callers (token authentication first: 401 with code not_authenticated).
    assert response.status_code == client.get("/api/v1/imports/").status_code == 401
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/schema/", *DOC_PAGES])
def test_api_docs_open_for_a_logged_in_user_when_off(world, client, settings, url):
    settings.API_DOCS_PUBLIC = False
    client.force_login(world.users[Role.STUDENT])
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_api_schema_accepts_a_token_when_off(world, settings, api_client_for):
    settings.API_DOCS_PUBLIC = False
    assert api_client_for(world.users[Role.TEACHER]).get("/api/schema/").status_code == 200


def _setting_in(module: str, name: str, **env) -> str:
    code = f"import django; django.setup(); from django.conf import settings; print(settings.{name})"
    environment = {k: v for k, v in os.environ.items() if k != "API_DOCS_PUBLIC"}
    environment.update(
        DJANGO_SETTINGS_MODULE=module, DJANGO_SECRET_KEY="k" * 60, ALLOWED_HOSTS="workbridge.example.org", **env
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=settings.BASE_DIR, env=environment, capture_output=True, text=True, check=True
    )
    return result.stdout.strip().splitlines()[-1]


def test_production_keeps_the_docs_behind_the_login_unless_told_otherwise():
    assert _setting_in("config.settings.production", "API_DOCS_PUBLIC") == "False"
    assert _setting_in("config.settings.production", "API_DOCS_PUBLIC", API_DOCS_PUBLIC="true") == "True"
    assert _setting_in("config.settings.local", "API_DOCS_PUBLIC") == "True"


@pytest.mark.django_db
@pytest.mark.parametrize("url", DOC_PAGES)
def test_api_doc_pages_carry_the_nonce_on_every_inline_script_and_style(world, client, url):
    client.force_login(world.users[Role.TEACHER])
    response = client.get(url)
    d = _assert_strict_policy(response)
    html = response.content.decode()
    for tag, attrs in re.findall(r"<(script|style)\b(?![^>]*\bsrc=)([^>]*)>", html):
        nonce = re.search(r'nonce="([^"]+)"', attrs)
        assert nonce, f"<{tag}{attrs}> without a nonce"
        assert f"'nonce-{nonce.group(1)}'" in d[f"{tag}-src"]
