from django.urls import path

from . import views

app_name = "partnerships"
urlpatterns = [
    path("", views.partnership_list, name="index"),
    path("pair/<int:school_id>/<int:enterprise_id>/", views.partnership_detail, name="pair"),
    path("agreements/", views.agreement_list, name="agreement-list"),
    path("agreements/new/", views.agreement_create, name="agreement-create"),
    path("agreements/clause-row/", views.clause_row, name="clause-row"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement-detail"),
    path("agreements/<int:pk>/edit/", views.agreement_edit, name="agreement-edit"),
    path("agreements/<int:pk>/sign/", views.agreement_sign, name="agreement-sign"),
    path("agreements/<int:pk>/renew/", views.agreement_renew, name="agreement-renew"),
    path("agreements/<int:pk>/activate/", views.agreement_activate, name="agreement-activate"),
    path("agreements/<int:pk>/terminate/", views.agreement_terminate, name="agreement-terminate"),
    path("agreements/<int:pk>/signed-copy/", views.agreement_signed_copy, name="agreement-signed-copy"),
    path("projects/", views.project_list, name="project-list"),
    path("projects/new/", views.project_create, name="project-create"),
    path("projects/detail-fields/", views.project_details_fields, name="project-detail-fields"),
    path("projects/<int:pk>/", views.project_detail, name="project-detail"),
    path("projects/<int:pk>/edit/", views.project_edit, name="project-edit"),
    path("projects/<int:pk>/status/", views.project_status, name="project-status"),
    path("projects/<int:pk>/participants/", views.participant_add, name="participant-add"),
    path("participants/<int:pk>/remove/", views.participant_remove, name="participant-remove"),
    path("projects/<int:pk>/milestones/", views.milestone_add, name="milestone-add"),
    path("milestones/<int:pk>/done/", views.milestone_done, name="milestone-done"),
    path("milestones/<int:pk>/remove/", views.milestone_remove, name="milestone-remove"),
    path("projects/<int:pk>/outputs/", views.output_add, name="output-add"),
    path("outputs/<int:pk>/remove/", views.output_remove, name="output-remove"),
    path("outputs/<int:pk>/file/", views.output_file, name="output-file"),
]
