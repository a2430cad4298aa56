"""What a locked-out log-in gets (django-axes' AXES_LOCKOUT_CALLABLE): JSON with Retry-After on the API, the
lock-out page on the web (issue 8: the token endpoint answered with an HTML page)."""

from __future__ import annotations

from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def lockout_response(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    cool_off = get_cool_off(request)
    seconds = int(cool_off.total_seconds()) if cool_off else 0
    if request.path.startswith("/api/"):
        minutes = max(1, round(seconds / 60)) if seconds else 0
        detail = (
            (
                _("Too many failed log-ins for this user name from this address: try again in %(m)d minutes.")
                % {"m": minutes}
            )
            if minutes
            else _("Too many failed log-ins: ask an administrator to unlock the account.")
        )
        response = JsonResponse({"code": "locked_out", "detail": detail}, status=429)
        if seconds:
            response["Retry-After"] = str(seconds)
        return response
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "username": get_client_username(request, credentials) or "",
        "cooloff_timedelta": cool_off,
    }
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, context, status=429)
