from django.urls import path

from . import apis

urlpatterns = [
    path("employer-feedback/rounds/", apis.Rounds.as_view(), name="employer-feedback-rounds"),
    path(
        "employer-feedback/rounds/<int:pk>/figures/",
        apis.RoundFigures.as_view(),
        name="employer-feedback-round-figures",
    ),
    path(
        "employer-feedback/rounds/<int:pk>/<str:action>/",
        apis.RoundAction.as_view(),
        name="employer-feedback-round-action",
    ),
    path("employer-feedback/forms/", apis.Forms.as_view(), name="employer-feedback-forms"),
    path("employer-feedback/forms/<int:pk>/", apis.FormAnswer.as_view(), name="employer-feedback-form"),
    path("employer-feedback/tasks/", apis.Tasks.as_view(), name="employer-feedback-tasks"),
    path("employer-feedback/tasks/<int:pk>/done/", apis.TaskDone.as_view(), name="employer-feedback-task-done"),
    path("employer-feedback/threshold/", apis.Threshold.as_view(), name="employer-feedback-threshold"),
    path("employer-feedback/leaders/", apis.Leader.as_view(), name="employer-feedback-leader"),
]
