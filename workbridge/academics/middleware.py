from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


class FirstPasswordMiddleware:
    """Someone who logged in with a school-issued first password reaches nothing but the page that replaces it
    (and log-out); the API answers 403 with a code a client can act on."""

    ALLOWED_PREFIXES = ("/static/", "/i18n/", "/jsi18n/", "/accounts/logout/", "/api/v1/me/first-password/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "must_change_password", False):
            target = reverse("academics:first-password")
            path = request.path
            if path != target and not path.startswith(self.ALLOWED_PREFIXES):
                if path.startswith("/api/"):
                    return JsonResponse(
                        {
                            "code": "password_change_required",
                            "detail": _("Choose your own password first (log in on the web page)."),
                        },
                        status=403,
                    )
                return redirect(target)
        return self.get_response(request)
