"""The OpenAPI schema and its Swagger UI / ReDoc pages, public or behind the log-in by ``settings.API_DOCS_PUBLIC``
(on by default, off in production settings). The setting is read on every request so tests can switch it."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
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


class RedocView(_LoginPageMixin, SpectacularRedocView):
    pass
