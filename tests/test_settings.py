"""Production settings refuse to start without a secret key and a host list, and turn on HTTPS protections."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _load_production(extra_env: dict) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL")}
    env.update(extra_env)
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    code = (
        "import django; from django.conf import settings; django.setup();"
        "print(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE,"
        " settings.SECURE_HSTS_SECONDS > 0, settings.DEBUG)"
    )
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def test_production_refuses_to_start_without_secret_key():
    result = _load_production({"ALLOWED_HOSTS": "example.org"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _load_production({"DJANGO_SECRET_KEY": "x" * 50})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_uses_secure_cookies_and_hsts():
    result = _load_production({"DJANGO_SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "example.org"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True", "False"]


def test_no_template_or_static_file_loads_from_a_cdn():
    """Every asset is served by the app: no http(s) script/link/src pointing off-site in templates or JS."""
    offenders = []
    for path in (ROOT / "workbridge").rglob("*"):
        if path.suffix not in {".html", ".js", ".css"} or "vendor" in path.parts:
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        for marker in ('src="http', "src='http", 'href="http', "@import url(http", "cdn.", "unpkg.com", "jsdelivr"):
            if marker in text and "{{" not in text.split(marker, 1)[1][:5]:
                offenders.append(f"{path.relative_to(ROOT)}: {marker}")
    assert offenders == []
