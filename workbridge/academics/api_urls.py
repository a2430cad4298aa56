from django.urls import path
from rest_framework.routers import SimpleRouter

from . import apis, apis_accounts

router = SimpleRouter()
router.register("departments", apis.DepartmentViewSet, basename="department")
router.register("majors", apis.MajorViewSet, basename="major")
router.register("cohorts", apis.CohortViewSet, basename="cohort")
router.register("students", apis.StudentViewSet, basename="student")
router.register("teachers", apis.TeacherViewSet, basename="teacher")
router.register("courses", apis.CourseViewSet, basename="course")

urlpatterns = [
    *router.urls,
    path("academics/accounts/create-missing/", apis_accounts.CreateMissing.as_view(), name="accounts-create-missing"),
    path("academics/accounts/reset/", apis_accounts.Reset.as_view(), name="accounts-reset"),
    path("academics/accounts/link/", apis_accounts.Link.as_view(), name="accounts-link"),
    path("academics/account-sheets/<int:pk>/download/", apis_accounts.SheetDownload.as_view(), name="account-sheet"),
    path("me/first-password/", apis_accounts.FirstPassword.as_view(), name="me-first-password"),
]
