from django.urls import path
from rest_framework.routers import SimpleRouter

from . import apis

router = SimpleRouter()
router.register("imports", apis.ImportJobViewSet, basename="import-job")
router.register("audit-log", apis.AuditLogViewSet, basename="audit-log")

urlpatterns = [
    path("auth/token/", apis.TokenView.as_view(), name="api-token-obtain"),
    path("archive/<slug:kind>/<int:pk>/<slug:action>/", apis.ArchiveAction.as_view(), name="archive"),
    *router.urls,
]
