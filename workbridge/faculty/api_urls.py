from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import apis

router = DefaultRouter()
router.register("progress", apis.ProgressViewSet, basename="faculty-progress")
router.register("practice-records", apis.PracticeRecordViewSet, basename="faculty-practice")
router.register("qualifications", apis.QualificationViewSet, basename="faculty-qualification")
router.register("lecturers", apis.LecturerViewSet, basename="faculty-lecturer")
router.register("lecturer-teaching", apis.TeachingViewSet, basename="faculty-lecturer-teaching")

urlpatterns = [
    path("faculty/shares/", apis.SharesApi.as_view(), name="faculty-shares"),
    path("faculty/alerts/send/", apis.AlertsSendApi.as_view(), name="faculty-alerts-send"),
    path("faculty/", include(router.urls)),
]
