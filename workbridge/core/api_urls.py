from django.urls import path
from rest_framework.routers import SimpleRouter

from . import apis

router = SimpleRouter()
router.register("imports", apis.ImportJobViewSet, basename="import-job")
router.register("audit-log", apis.AuditLogViewSet, basename="audit-log")

urlpatterns = [
    path("auth/token/", apis.TokenView.as_view(), name="api-token-obtain"),
    *router.urls,
]
