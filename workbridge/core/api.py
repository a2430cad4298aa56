"""Shared API plumbing: pagination, the domain-exception mapping, and the actor for a request."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions as drf_exceptions
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .access import actor_for
from .exceptions import DomainError, busy_from_database_error, from_django_validation_error


class Pagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = from_django_validation_error(exc)
    busy = busy_from_database_error(exc) if not isinstance(exc, DomainError) else None
    if busy is not None:
        return Response(busy.as_dict(), status=busy.http_status, headers={"Retry-After": str(busy.retry_after)})
    if isinstance(exc, DomainError):
        return Response(exc.as_dict(), status=exc.http_status)
    if isinstance(exc, Http404):
        return Response({"code": "not_found", "detail": "Not found."}, status=404)
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, drf_exceptions.APIException):
        data = response.data
        if isinstance(data, dict) and "detail" in data:
            response.data = {"code": getattr(exc, "default_code", "error"), "detail": data["detail"]}
        else:
            response.data = {"code": "invalid", "detail": "Invalid input.", "errors": data}
    return response


class ActorMixin:
    """For DRF views: ``self.actor`` is the acting identity (membership-scoped)."""

    @property
    def actor(self):
        return actor_for(self.request.user)
