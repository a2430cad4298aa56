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
