from django.urls import path

from . import views

app_name = "employer_feedback"

urlpatterns = [
    path("", views.home, name="home"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/<str:action>/", views.round_action, name="round-action"),
    path("forms/<int:pk>/", views.form_detail, name="form"),
    path("tasks/<int:pk>/done/", views.task_finish, name="task-done"),
]
