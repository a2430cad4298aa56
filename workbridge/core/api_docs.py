"""The OpenAPI schema and its Swagger UI / ReDoc pages, public or behind the log-in by ``settings.API_DOCS_PUBLIC``
(on by default, off in production settings). The setting is read on every request so tests can switch it."""

from __future__ import annotations

from csp.constants import SELF
from csp.decorators import csp_update
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.utils.decorators import method_decorator
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.permissions import AllowAny, BasePermission


def docs_public() -> bool:
    return bool(getattr(settings, "API_DOCS_PUBLIC", False))


class ApiDocsPermission(BasePermission):
    def has_permission(self, request, view) -> bool:
        return docs_public() or bool(request.user and request.user.is_authenticated)


class SchemaView(SpectacularAPIView):
    """Anonymous callers get the API's usual 401/403 when the docs are not public."""

    permission_classes = [ApiDocsPermission]


class _LoginPageMixin:
    """An HTML page: anonymous visitors are sent to the log-in page when the docs are not public."""

    permission_classes = [AllowAny]

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        if not docs_public() and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        return super().get(request, *args, **kwargs)


class SwaggerView(_LoginPageMixin, SpectacularSwaggerView):
    """Swagger UI; its inline start-up script carries the CSP nonce (templates/drf_spectacular/swagger_ui.html)."""


# ReDoc (drf-spectacular-sidecar's redoc.standalone.js) puts the nonce we pass to Redoc.init on the styles it
# creates while rendering, but inserts two <style> elements while the bundle loads, before it knows the nonce:
# they are allowed by their hashes (a new sidecar version may change them; the browser test
# tests/test_csp_browser.py then names the new hash). Its search index runs in a worker made from a blob: URL.
REDOC_STYLE_HASHES = [
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",  # an empty <style>
    "'sha256-QMIg+bpjm3JdElJ388KYke01izlUW0UoNOeKjpMxdgc='",
]


@method_decorator(csp_update({"style-src": REDOC_STYLE_HASHES, "worker-src": [SELF, "blob:"]}), name="dispatch")
class RedocView(_LoginPageMixin, SpectacularRedocView):
    """ReDoc, started by a nonce'd script (templates/drf_spectacular/redoc.html)."""
