from django.urls import path

from . import views

app_name = "compliance"
urlpatterns = [
    path("", views.violation_inbox, name="inbox"),
    path("violations/<int:pk>/", views.violation_detail, name="violation-detail"),
    path("rules/", views.rules_catalogue, name="rules"),
]
