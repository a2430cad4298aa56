from django.urls import include, path
from rest_framework.routers import DefaultRouter

from . import apis

router = DefaultRouter()
router.register("positions", apis.PositionViewSet, basename="placements-position")
router.register("applications", apis.ApplicationViewSet, basename="placements-application")
router.register("rounds", apis.RoundViewSet, basename="placements-round")
router.register("placements", apis.PlacementViewSet, basename="placements-placement")
router.register("checkins", apis.CheckInViewSet, basename="placements-checkin")
router.register("reports", apis.ReportViewSet, basename="placements-report")
router.register("alerts", apis.AlertViewSet, basename="placements-alert")
router.register("leave-requests", apis.LeaveViewSet, basename="placements-leave")
router.register("self-found", apis.SelfFoundViewSet, basename="placements-self-found")
router.register("plans", apis.PlanViewSet, basename="placements-plan")

# The routes of the 8 a.m. surge, resolved before every other route of the site (config/urls.py): Django tries
# patterns in order, and the check-in's collection sat behind about 150 others (0.2 ms per request, four times the
# ping's). The router below still holds the check-ins' other routes and lists the collection in the API root;
# both patterns name the same viewset (checkin_collection answers the plain check-in in front of it), and the
# schema lists the path once.
surge_urlpatterns = [
    path("placements/ping/", apis.PingApi.as_view(), name="placements-ping"),
    path("placements/checkins/", apis.checkin_collection, name="placements-checkin-list"),
]

urlpatterns = [
    path("placements/statistics/", apis.StatisticsApi.as_view(), name="placements-statistics"),
    path("placements/", include(router.urls)),
]
