from django.urls import path

from . import views

app_name = "sso"
urlpatterns = [
    path("cas/login/", views.cas_login, name="cas-login"),
    path("cas/logout/", views.cas_logout, name="cas-logout"),
    path("oidc/start/", views.oidc_start, name="oidc-start"),
    path("oidc/callback/", views.oidc_callback, name="oidc-callback"),
    path("oidc/failed/", views.oidc_failed, name="oidc-failed"),
]
