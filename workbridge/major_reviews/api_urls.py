from django.urls import path

from . import apis

urlpatterns = [
    path("major-reviews/", apis.Reviews.as_view(), name="major-reviews"),
    path("major-reviews/<int:pk>/", apis.ReviewDetail.as_view(), name="major-review"),
    path("major-reviews/<int:pk>/<str:action>/", apis.ReviewAction.as_view(), name="major-review-action"),
    path("major-reviews/steps/<int:pk>/done/", apis.StepDone.as_view(), name="major-review-step-done"),
]
