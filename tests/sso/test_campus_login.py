"""Campus single sign-on against real identity-provider software started on the loopback: django-cas-server for
CAS and django-oauth-toolkit for OpenID Connect (tests/sso/idp). The campus ID maps to the student or staff number
of an existing account; an unknown campus ID logs nobody in and says why; local passwords keep working."""

from __future__ import annotations

import html
import re
import socket
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from workbridge.core.models import AuditLog
from workbridge.organizations.models import Role

IDP_RUN = Path(__file__).resolve().parent / "idp" / "run.py"
CALLBACK = "http://testserver/sso/oidc/callback/"
SECRET = "campus-client-secret"


@pytest.fixture(scope="module")
def idp(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("idp")
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    (tmp / "key.pem").write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {"IDP_DB": str(tmp / "idp.sqlite3"), "IDP_KEY": str(tmp / "key.pem"), "PATH": "/usr/bin:/bin"}
    proc = subprocess.Popen(
        [sys.executable, str(IDP_RUN), str(port), CALLBACK, SECRET],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    line = proc.stdout.readline()
    if line.strip() != "ready":
        proc.kill()
        pytest.fail(f"the test identity provider did not start: {line}{proc.stdout.read()}")
    yield f"http://127.0.0.1:{port}"
    proc.kill()
    proc.wait()


@pytest.fixture
def campus(world, settings, idp):
    settings.SSO_SCHOOL_NAME = world.school1.name
    settings.CAS_SERVER_URL = f"{idp}/cas/"
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = "workbridge", SECRET
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{idp}/o/authorize/"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{idp}/o/token/"
    settings.OIDC_OP_USER_ENDPOINT = f"{idp}/o/userinfo/"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{idp}/o/.well-known/jwks.json"
    world.student1.student_number = "20240001"
    world.student1.save(update_fields=["student_number"])
    world.teacher1.employee_number = "T0001"
    world.teacher1.save(update_fields=["employee_number"])
    return world


def _hidden_fields(markup: str) -> dict[str, str]:
    fields = {}
    for tag in re.findall(r"<input[^>]+>", markup):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and 'type="hidden"' in tag:
            fields[name.group(1)] = html.unescape(value.group(1)) if value else ""
    return fields


def _campus_login_cas(login_url: str, username: str) -> str:
    """What the person does at the campus server: open its log-in page, sign in; returns where it sends them."""
    browser = requests.Session()
    page = browser.get(login_url)
    form = _hidden_fields(page.text) | {"username": username, "password": "campus-pass-2026"}
    answer = browser.post(page.url, data=form, allow_redirects=False)
    assert answer.status_code == 302, answer.text[:500]
    return answer.headers["Location"]


def _local(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def test_cas_login_maps_the_student_number_to_the_account(campus, client):
    start = client.get("/sso/cas/login/?next=/placements/")
    assert start.status_code == 302 and start["Location"].startswith(f"{campus_cas_url()}login?service=")
    back = _campus_login_cas(start["Location"], "20240001")
    assert "ticket=ST-" in back
    done = client.get(_local(back))
    assert done.status_code == 302 and done["Location"] == "/placements/"
    assert int(client.session["_auth_user_id"]) == campus.users[Role.STUDENT].pk
    assert AuditLog.objects.filter(action="sso.login", actor=campus.users[Role.STUDENT]).exists()


def campus_cas_url() -> str:
    from django.conf import settings

    return settings.CAS_SERVER_URL


def test_cas_login_for_staff_by_staff_number(campus, client):
    start = client.get("/sso/cas/login/")
    done = client.get(_local(_campus_login_cas(start["Location"], "T0001")))
    assert done.status_code == 302
    assert int(client.session["_auth_user_id"]) == campus.users[Role.TEACHER].pk


def test_cas_unknown_campus_id_logs_nobody_in_and_says_why(campus, client):
    start = client.get("/sso/cas/login/")
    done = client.get(_local(_campus_login_cas(start["Location"], "99999999")), follow=True)
    assert "_auth_user_id" not in client.session
    assert "99999999" in done.content.decode() and "没有关联" in done.content.decode()


def test_oidc_login_maps_the_campus_id(campus, client, idp):
    start = client.get("/sso/oidc/start/?next=/faculty/")
    assert start.status_code == 302 and start["Location"].startswith(f"{idp}/o/authorize/")
    browser = requests.Session()
    # The campus server asks the person to sign in first, then sends them back with a code.
    login_page = browser.get(f"{idp}/accounts/login/", params={"next": _local(start["Location"])})
    form = _hidden_fields(login_page.text) | {"username": "T0001", "password": "campus-pass-2026"}
    signed_in = browser.post(login_page.url, data=form, allow_redirects=False)
    assert signed_in.status_code == 302, signed_in.text[:800]
    authorize = browser.get(urllib.parse.urljoin(idp, signed_in.headers["Location"]), allow_redirects=False)
    assert authorize.status_code == 302 and authorize.headers["Location"].startswith(CALLBACK)
    done = client.get(_local(authorize.headers["Location"]))
    assert done.status_code == 302 and done["Location"] == "/faculty/"
    assert int(client.session["_auth_user_id"]) == campus.users[Role.TEACHER].pk


def test_sso_is_off_until_configured(world, client):
    assert client.get("/sso/cas/login/").status_code == 404
    assert client.get("/sso/oidc/start/").status_code == 404
    page = client.get("/accounts/login/").content.decode()
    assert "校园统一身份" not in page and "/sso/" not in page


def test_login_page_offers_campus_login_and_keeps_passwords(campus, client):
    page = client.get("/accounts/login/").content.decode()
    assert "/sso/cas/login/" in page and "/sso/oidc/start/" in page
    answer = client.post(
        "/accounts/login/", {"username": campus.users[Role.ENTERPRISE_ADMIN].username, "password": "pass-1234-word"}
    )
    assert answer.status_code == 302
    assert int(client.session["_auth_user_id"]) == campus.users[Role.ENTERPRISE_ADMIN].pk
