from django.urls import path

from . import views

app_name = "organizations"
urlpatterns = [
    path("", views.organization_list, name="list"),
    path("register/", views.register_enterprise, name="register"),
    path("invitations/", views.invitations, name="invitations"),
    path("vetting/", views.vetting_queue, name="vetting-queue"),
    path("people/", views.people, name="people"),
    path("memberships/<int:membership_id>/revoke/", views.membership_revoke, name="membership-revoke"),
    path("<int:org_id>/", views.organization_detail, name="detail"),
    path("<int:org_id>/edit/", views.organization_edit, name="edit"),
    path("<int:org_id>/review/", views.enterprise_review, name="review"),
    path("<int:org_id>/resubmit/", views.enterprise_resubmit, name="resubmit"),
    path("<int:org_id>/licence/", views.licence_download, name="licence"),
    path("<int:org_id>/licence/upload/", views.licence_upload, name="licence-upload"),
]
