from django.urls import path

from . import views

app_name = "guidance"

urlpatterns = [
    path("", views.home, name="home"),
    path("sessions/<int:pk>/", views.session, name="session"),
    path("counselling/", views.counselling, name="counselling"),
    path("counselling/<int:pk>/<str:action>/", views.counselling_action, name="counselling-action"),
    path("wellbeing/", views.wellbeing, name="wellbeing"),
    path("wellbeing/<int:pk>/seen/", views.wellbeing_seen, name="wellbeing-seen"),
]
