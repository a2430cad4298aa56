from django.urls import path

from . import views

app_name = "innovation"

urlpatterns = [
    path("", views.home, name="home"),
    path("ventures/<int:pk>/", views.venture, name="venture"),
    path("ventures/<int:pk>/<str:action>/", views.venture_action, name="venture-action"),
    path("milestones/<int:pk>/done/", views.milestone_done, name="milestone-done"),
]
