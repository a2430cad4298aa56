"""Issue 10.5: WorkBridge installs as an app on the phone (manifest, icons, a service worker that controls the
page), the phone header is one line, and a check-in queued offline survives closing the page and is sent on the
next open."""

import json

import pytest

from workbridge.core.roles import Role


@pytest.mark.django_db
def test_manifest_meets_the_install_criteria_and_names_the_app_in_the_readers_language(client):
    response = client.get("/manifest.webmanifest", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response["Content-Type"].startswith("application/manifest+json")
    data = json.loads(response.content)
    assert data["display"] == "standalone" and data["start_url"].startswith("/") and "产教桥" in data["name"]
    sizes = {icon["sizes"] for icon in data["icons"]}
    assert {"192x192", "512x512"} <= sizes and any(icon.get("purpose") == "maskable" for icon in data["icons"])
    from django.conf import settings
    from django.contrib.staticfiles import finders

    for icon in data["icons"]:
        assert finders.find(icon["src"].removeprefix(settings.STATIC_URL)), icon["src"]
    worker = client.get("/sw.js")
    assert worker["Content-Type"].startswith("text/javascript") and worker["Service-Worker-Allowed"] == "/"
    assert client.get("/favicon.ico")["Location"].endswith("icons/favicon.ico")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_service_worker_controls_the_page_and_the_phone_header_is_one_line(world, page_for, screenshot_dir):
    page = page_for(world.users[Role.STUDENT].username, width=375, height=812)
    page.goto(f"{page.base_url}/placements/my/")
    page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    assert page.evaluate("!!navigator.serviceWorker.controller")
    header = page.locator("header.topbar").bounding_box()
    assert header["height"] < 60  # one line: brand and the menu button
    page.screenshot(path=str(screenshot_dir / "pwa-student-375-zh.png"))
    page.click("[data-toggle-nav]")
    assert page.locator(".topbar .lang").is_visible()  # language, role and log-out open with the menu
