from django.urls import include, path

from . import views

urlpatterns = [
    path("accounts/password_change/", views.AuditedPasswordChangeView.as_view(), name="password_change"),
    path("accounts/password_reset/", views.EveryUserPasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        views.AuditedPasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("accounts/switch/", views.switch_membership, name="switch-membership"),
    path("accounts/token/", views.api_token, name="api-token"),
    path("notifications/", views.notifications, name="notifications"),
    path("audit/", views.audit_log, name="audit-log"),
    path("archive/<slug:kind>/<int:pk>/<slug:action>/", views.archive_action, name="archive-action"),
    path("imports/", views.import_index, name="import-index"),
    path("imports/job/<int:job_id>/", views.import_job, name="import-job"),
    path("imports/job/<int:job_id>/commit/", views.import_commit, name="import-commit"),
    path("imports/<slug:kind>/", views.import_upload, name="import-upload"),
    path("imports/<slug:kind>/template.xlsx", views.import_template, name="import-template"),
]
