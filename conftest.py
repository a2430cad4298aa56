"""Project-wide pytest fixtures. App-specific factories live in each app's tests/factories.py."""

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls there are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database is built from the models (``--no-migrations`` in pyproject: replaying 70 migrations cost
    each worker about a minute); the data the migrations load is loaded here instead. ``tests/test_migrations.py``
    still applies every migration to an empty database, and ``makemigrations --check`` keeps them in step."""
    with django_db_blocker.unblock():
        from django.db import connection
        from django.db.migrations.loader import MigrationLoader
        from django.db.migrations.recorder import MigrationRecorder
        from django.test.utils import override_settings

        from workbridge.certificates.catalogue import load_catalogue
        from workbridge.certificates.models import Certificate

        if not Certificate.objects.exists():
            load_catalogue(Certificate)
        # Record every migration as applied, as a migrated database has them (backups list them in their manifest).
        recorder = MigrationRecorder(connection)
        recorder.ensure_schema()
        if not recorder.migration_qs.exists():
            with override_settings(MIGRATION_MODULES={}):
                on_disk = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
            recorder.migration_qs.bulk_create(recorder.Migration(app=app, name=name) for app, name in sorted(on_disk))


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(db):
    from workbridge.core.testing import build_world

    return build_world()


@pytest.fixture
def api_client_for():
    """api_client_for(user) -> an APIClient authenticated as that user."""
    from rest_framework.test import APIClient

    def make(user):
        client = APIClient()
        client.force_authenticate(user=user)
        return client

    return make


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright; never downloads a browser."""
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not os.path.exists(executable):
        pytest.fail(f"Chromium not found at {executable}: run `make test` (it installs Debian's chromium).")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=executable,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-sync",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def screenshot_dir():
    from pathlib import Path

    path = Path(__file__).resolve().parent / "test-output" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def page_for(browser, live_server):
    """page_for(username, password, width=1280) -> a logged-in Playwright page on the live server."""
    contexts = []

    def make(username: str, password: str = "pass-1234-word", width: int = 1280, height: int = 900, locale="zh-CN"):
        context = browser.new_context(viewport={"width": width, "height": height}, locale=locale)
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("#login-submit")
        page.wait_for_load_state("networkidle")
        page.base_url = live_server.url
        return page

    yield make
    for context in contexts:
        context.close()
