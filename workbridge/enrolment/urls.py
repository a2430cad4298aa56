from django.urls import path

from . import views

app_name = "enrolment"

urlpatterns = [
    path("", views.home, name="home"),
    path("plans/<int:pk>/", views.plan, name="plan"),
    path("plans/<int:pk>/<str:action>/", views.plan_action, name="plan-action"),
    path("applications/<int:pk>/<str:action>/", views.application_action, name="application-action"),
    path("agreements/<int:pk>/", views.agreement, name="agreement"),
    path("agreements/<int:pk>/confirm/", views.agreement_confirm, name="agreement-confirm"),
    path("agreements/<int:pk>/agreement.pdf", views.agreement_pdf, name="agreement-pdf"),
]
