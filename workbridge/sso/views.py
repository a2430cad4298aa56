"""Campus log-in entry points. They answer 404 until the operator configures the campus server (README)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django_cas_ng import views as cas_views
from mozilla_django_oidc import views as oidc_views

from .identity import cas_enabled, oidc_enabled


def cas_login(request: HttpRequest) -> HttpResponse:
    if not cas_enabled():
        raise Http404
    try:
        response = cas_views.LoginView.as_view()(request)
    except PermissionDenied:  # django-cas-ng's answer when the ticket maps to no account
        refused = _refused(request)
        if refused is None:
            raise
        return refused
    return _refused(request) or response


def cas_logout(request: HttpRequest) -> HttpResponse:
    if not cas_enabled():
        raise Http404
    return cas_views.LogoutView.as_view()(request)


def oidc_start(request: HttpRequest) -> HttpResponse:
    if not oidc_enabled():
        raise Http404
    return oidc_views.OIDCAuthenticationRequestView.as_view()(request)


def oidc_callback(request: HttpRequest) -> HttpResponse:
    if not oidc_enabled():
        raise Http404
    response = oidc_views.OIDCAuthenticationCallbackView.as_view()(request)
    return _refused(request) or response


def oidc_failed(request: HttpRequest) -> HttpResponse:
    return _refused(request) or redirect("login")


def _refused(request: HttpRequest) -> HttpResponse | None:
    """The campus server knew the person but WorkBridge has no account for that campus ID: say so on the log-in
    page instead of a bare error (the ID is shown so the school admin can link the record)."""
    unknown = request.session.pop("sso_unknown_id", None)
    if unknown is None or request.user.is_authenticated:
        return None
    messages.error(
        request,
        _(
            "No WorkBridge account is linked to campus ID %(id)s. Ask your school's WorkBridge "
            "administrator to link it, or log in with your WorkBridge password."
        )
        % {"id": unknown},
    )
    return redirect("login")
