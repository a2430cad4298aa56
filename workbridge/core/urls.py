from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

urlpatterns = [
    path("accounts/", include("django.contrib.auth.urls")),
    path("accounts/switch/", views.switch_membership, name="switch-membership"),
    path("notifications/", views.notifications, name="notifications"),
    path("accounts/password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
]
