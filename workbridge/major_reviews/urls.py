from django.urls import path

from . import views

app_name = "major_reviews"

urlpatterns = [
    path("", views.home, name="home"),
    path("<int:pk>/", views.review, name="review"),
    path("<int:pk>/<str:action>/", views.review_action, name="review-action"),
    path("steps/<int:pk>/done/", views.step_done, name="step-done"),
]
