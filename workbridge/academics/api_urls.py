from rest_framework.routers import SimpleRouter

from . import apis

router = SimpleRouter()
router.register("departments", apis.DepartmentViewSet, basename="department")
router.register("majors", apis.MajorViewSet, basename="major")
router.register("cohorts", apis.CohortViewSet, basename="cohort")
router.register("students", apis.StudentViewSet, basename="student")
router.register("teachers", apis.TeacherViewSet, basename="teacher")
router.register("courses", apis.CourseViewSet, basename="course")

urlpatterns = router.urls
