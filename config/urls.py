from django.conf import settings
from django.conf.urls.i18n import i18n_patterns  # noqa: F401
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from workbridge.core import pwa
from workbridge.core import views as core_views
from workbridge.core.api_docs import RedocView, SchemaView, SwaggerView
from workbridge.placements.api_urls import surge_urlpatterns

# Each domain app owns its page routes (urls.py) and API routes (api_urls.py).
DOMAIN_APPS = [app.split(".")[-1] for app in settings.WORKBRIDGE_APPS if app != "workbridge.core"]

api_patterns = [
    # the check-in and the ping first: a phone's check-in is resolved without trying ~150 other patterns
    path("", include(surge_urlpatterns)),
    *[path("", include(f"workbridge.{app}.api_urls")) for app in ["core", *DOMAIN_APPS]],
]

urlpatterns = [
    # the API first: a phone's check-in is resolved without trying the page routes before it (the morning surge)
    path("api/v1/", include(api_patterns)),
    path("", core_views.home, name="home"),
    path("manifest.webmanifest", pwa.manifest, name="web-manifest"),
    path("sw.js", pwa.service_worker, name="service-worker"),
    path("offline/", pwa.offline, name="offline"),
    path("favicon.ico", pwa.favicon, name="favicon"),
    path("", include("workbridge.core.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/schema/", SchemaView.as_view(), name="schema"),
    path("api/docs/", SwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("api/redoc/", RedocView.as_view(url_name="schema"), name="api-redoc"),
    *[path(f"{app.replace('_', '-')}/", include(f"workbridge.{app}.urls")) for app in DOMAIN_APPS],
]

handler403 = "workbridge.core.views.permission_denied"
handler404 = "workbridge.core.views.not_found"
