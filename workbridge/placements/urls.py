from django.urls import path

from . import views

app_name = "placements"
urlpatterns = [
    path("", views.home, name="home"),
    path("my/", views.student_day, name="my"),
    path("desk/", views.mentor_desk, name="desk"),
    path("positions/", views.position_list, name="positions"),
    path("positions/new/", views.position_new, name="position-new"),
    path("positions/<int:pk>/", views.position_detail, name="position"),
    path("positions/<int:pk>/edit/", views.position_edit, name="position-edit"),
    path("positions/<int:pk>/<str:action>/", views.position_action, name="position-action"),
    path("applications/", views.application_list, name="applications"),
    path("applications/<int:pk>/<str:action>/", views.application_action, name="application-action"),
    path("self-found/", views.self_found, name="self-found"),
    path("self-found/<int:pk>/decide/", views.self_found_decide, name="self-found-decide"),
    path("rounds/", views.round_list, name="rounds"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/export.xlsx", views.round_export, name="round-export"),
    path("rounds/<int:pk>/<str:action>/", views.round_action, name="round-action"),
    path("placements/", views.placement_list, name="placements"),
    path("placements/assign-mentor/", views.placements_assign_mentor, name="placements-assign-mentor"),
    path("placements/<int:pk>/", views.placement_detail, name="placement"),
    path("placements/<int:pk>/agreement.pdf", views.agreement_pdf, name="agreement-pdf"),
    path("placements/<int:pk>/agreement/<str:kind>/upload/", views.agreement_attach, name="agreement-attach"),
    path("placements/<int:pk>/agreement/<str:kind>/file/", views.agreement_document, name="agreement-document"),
    path("placements/<int:pk>/qr/", views.qr_page, name="qr"),
    path("placements/<int:pk>/report/", views.report_submit, name="report-submit"),
    path("placements/<int:pk>/<str:action>/", views.placement_action, name="placement-action"),
    path("checkins/<int:pk>/decide/", views.checkin_decide, name="checkin-decide"),
    path("leave/<int:pk>/decide/", views.leave_decide, name="leave-decide"),
    path("reviews/", views.review_list, name="reviews"),
    path("reports/<int:pk>/review/", views.report_review, name="report-review"),
    path("alerts/", views.alert_inbox, name="alerts"),
    path("alerts/<int:pk>/", views.alert_detail, name="alert"),
    path("statistics/", views.stats, name="stats"),
]
