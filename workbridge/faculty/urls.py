from django.urls import path

from . import views

app_name = "faculty"
urlpatterns = [
    path("", views.index, name="index"),
    path("me/", views.me, name="me"),
    path("teachers/<int:pk>/", views.teacher, name="teacher"),
    path("teachers/<int:pk>/practice/", views.practice_new, name="practice-new"),
    path("teachers/<int:pk>/qualifications/", views.qualification_new, name="qualification-new"),
    path("qualifications/<int:pk>/verify/", views.qualification_verify, name="qualification-verify"),
    path("confirmations/", views.confirmations, name="confirmations"),
    path("confirmations/<int:pk>/confirm/", views.decide, {"decision": "confirm"}, name="confirm"),
    path("confirmations/<int:pk>/reject/", views.decide, {"decision": "reject"}, name="reject"),
    path("alerts/", views.alerts, name="alerts"),
    path("alerts/send/", views.alerts_send, name="alerts-send"),
    path("shares/", views.shares, name="shares"),
    path("lecturers/", views.lecturers, name="lecturers"),
    path("lecturers/<int:pk>/", views.lecturer, name="lecturer"),
]
