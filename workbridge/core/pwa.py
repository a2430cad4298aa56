"""WorkBridge as an app on the phone: the web-app manifest, the service worker and its offline page.

The service worker is served from the site root (scope "/") by a view rather than from /static/, because a worker
only controls pages under its own path. It keeps the static files and the pages a student or mentor opens on the
phone (network first, the cached copy when offline); check-ins and reports made offline wait in the page's queue
(placements/static/placements/checkin.js) and are sent on the next open."""

from __future__ import annotations

import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

# Bump when the worker's caching rules change: the new worker then drops the old caches.
CACHE_VERSION = "wb-v1"
# Pages kept for offline use (the student's and the mentor's daily pages).
OFFLINE_PAGES = ["/placements/my/", "/placements/desk/", "/offline/"]
THEME_COLOR = "#0f6e6a"


@cache_control(max_age=3600, public=True)
def manifest(request: HttpRequest) -> JsonResponse:
    data = {
        "name": _("WorkBridge school-enterprise cooperation"),
        "short_name": _("WorkBridge"),
        "description": _("Internships, agreements and talent demand in one place for schools and enterprises."),
        "id": "/",
        "start_url": "/?source=app",
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOR,
        "lang": request.LANGUAGE_CODE,
        "icons": [
            {"src": static("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {
                "src": static("icons/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json; charset=utf-8"
    return response


@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    precache = [
        static("css/workbridge.css"),
        static("js/workbridge.js"),
        static("vendor/htmx.min.js"),
        static("placements/checkin.js"),
        static("placements/placements.css"),
        static("icons/icon-192.png"),
    ]
    script = render(
        request,
        "core/sw.js",
        {
            "version": CACHE_VERSION,
            "precache": json.dumps(precache),
            "pages": json.dumps(OFFLINE_PAGES),
            "static_prefix": json.dumps(settings.STATIC_URL),
        },
    ).content
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says; the file lives with the other static files (its hashed
    name is only known once the static files are collected, hence a view and not a fixed redirect)."""
    from django.http import HttpResponsePermanentRedirect

    return HttpResponsePermanentRedirect(static("icons/favicon.ico"))


def offline(request: HttpRequest) -> HttpResponse:
    return render(request, "core/offline.html")
