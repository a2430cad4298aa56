from django.urls import path

from . import apis

urlpatterns = [
    path("guidance/sessions/", apis.Sessions.as_view(), name="guidance-sessions"),
    path("guidance/sessions/<int:pk>/attendance/", apis.SessionAttendanceView.as_view(), name="guidance-attendance"),
    path("guidance/counselling/", apis.Counselling.as_view(), name="guidance-counselling"),
    path(
        "guidance/counselling/<int:pk>/<str:action>/",
        apis.CounsellingAction.as_view(),
        name="guidance-counselling-action",
    ),
    path("guidance/wellbeing/", apis.Wellbeing.as_view(), name="guidance-wellbeing"),
    path("guidance/wellbeing/<int:pk>/seen/", apis.WellbeingSeen.as_view(), name="guidance-wellbeing-seen"),
]
