"""Maps domain exceptions raised in page views to HTTP responses (the API uses core.api.exception_handler)."""

from django.shortcuts import render

from .exceptions import DomainError


class DomainErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.http import JsonResponse

        from .exceptions import busy_from_database_error

        busy = busy_from_database_error(exception) if not isinstance(exception, DomainError) else None
        if busy is not None:
            # A write lost a race for the database: a clean 409 with a retry hint, never a 500 (issue 8 item 11).
            if request.path.startswith("/api/"):
                response = JsonResponse(busy.as_dict(), status=busy.http_status)
            else:
                template = "htmx_error.html" if getattr(request, "htmx", False) else "error.html"
                response = render(request, template, {"error": busy}, status=busy.http_status)
            response["Retry-After"] = str(busy.retry_after)
            return response
        if not isinstance(exception, DomainError) or request.path.startswith("/api/"):
            return None
        template = "htmx_error.html" if getattr(request, "htmx", False) else "error.html"
        return render(request, template, {"error": exception}, status=exception.http_status)


class RequestSizeLimitMiddleware:
    """Refuse (413) a request whose declared Content-Length is over its limit, before anything reads the body.

    Multipart requests (file uploads) may be up to ``settings.UPLOAD_MAX_BYTES``; every other request up to
    ``settings.REQUEST_MAX_BYTES``. The answer is JSON under /api/ and a short page elsewhere. Must come
    first in MIDDLEWARE: CSRF and session middleware may read the body."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings

        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        multipart = (request.META.get("CONTENT_TYPE") or "").lower().startswith("multipart/")
        limit = settings.UPLOAD_MAX_BYTES if multipart else settings.REQUEST_MAX_BYTES
        if length > limit:
            return self._refuse(request, length, limit, multipart)
        return self.get_response(request)

    @staticmethod
    def _refuse(request, length: int, limit: int, multipart: bool):
        from django.http import HttpResponse, JsonResponse
        from django.utils import translation
        from django.utils.html import escape
        from django.utils.translation import gettext as _

        mb = max(1, limit // 2**20)
        # This runs before LocaleMiddleware: answer in the language the browser (or session cookie) asks for.
        with translation.override(translation.get_language_from_request(request)):
            if multipart:
                message = _("The file is too large: at most %(mb)d MB may be uploaded at once.") % {"mb": mb}
            else:
                message = _("The request is too large: at most %(mb)d MB may be sent at once.") % {"mb": mb}
        if request.path.startswith("/api/"):
            response = JsonResponse({"code": "too_large", "detail": message, "limit_bytes": limit}, status=413)
        else:
            response = HttpResponse(f"<!doctype html><meta charset=utf-8><p>{escape(message)}</p>", status=413)
        response["Connection"] = "close"
        return response
