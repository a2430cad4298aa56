"""Base classes for scoped DRF endpoints (kept apart from core.api, which DRF's settings import early)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from .access import access_object, actor_for, require_role, visible
from .api import ActorMixin
from .archiving import wants_archived


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A foreign-key input that only accepts rows the acting user may see (others read as 'does not exist')."""

    def __init__(self, model=None, **kwargs):
        self.model = model
        if not kwargs.get("read_only"):
            kwargs.setdefault("queryset", model.objects.all())
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        actor = actor_for(getattr(request, "user", None))
        return visible(actor, self.model.objects.all())


class ScopedViewSet(ActorMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Read endpoints over a selector; writes (``create`` / ``partial_update``) go through services.

    Subclasses set ``selector`` (``fn(actor=...) -> QuerySet``, already scoped), optionally ``write_roles``
    (checked before the body is validated, so a forbidden role always gets 403), ``write_serializer_class``,
    and implement ``service_create(data)`` / ``service_update(obj, data)``.
    """

    selector = None
    write_roles: tuple[str, ...] = ()
    write_serializer_class = None
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return type(self).selector(actor=self.actor)

    def get_object(self):
        obj = access_object(self.actor, self.get_queryset(), self.kwargs.get("pk"))
        self.check_object_permissions(self.request, obj)
        return obj

    def get_serializer_class(self):
        if self.action in ("create", "partial_update") and self.write_serializer_class is not None:
            return self.write_serializer_class
        return super().get_serializer_class()

    def check_write(self):
        if not self.write_roles:
            from .exceptions import PermissionDenied

            raise PermissionDenied("This endpoint is read-only.")
        require_role(self.actor, self.write_roles)

    def create(self, request, *args, **kwargs):
        self.check_write()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        obj = self.service_create(serializer.validated_data)
        return Response(
            self.serializer_class(obj, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED
        )

    def partial_update(self, request, *args, **kwargs):
        obj = self.get_object()
        self.check_write()
        serializer = self.get_serializer(instance=obj, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        obj = self.service_update(obj, serializer.validated_data)
        return Response(self.serializer_class(obj, context=self.get_serializer_context()).data)

    def service_create(self, data):  # pragma: no cover - overridden
        raise NotImplementedError

    def service_update(self, obj, data):  # pragma: no cover - overridden
        raise NotImplementedError


# ---------------------------------------------------------------- archived records (core.archiving)
class ArchivedListMixin:
    """A viewset over an archivable kind: its list leaves archived records out unless ``?archived=true`` (then it
    lists only them, as the page's "Show archived records" does); every other action reads one record by its id,
    archived or not, so the detail of an archived record answers (with ``archived_at``) to whoever may reach it.
    Pass ``archived=self.archived_filter()`` to the list selector in ``get_queryset``."""

    def archived_filter(self) -> bool | None:
        if getattr(self, "action", None) == "list":
            return wants_archived(self.request.query_params)
        return None


def archived_list_schema(cls):
    """Class decorator: document the list's ``archived`` query parameter (kept with its other parameters)."""
    parameter = OpenApiParameter(
        "archived",
        bool,
        description="true: list only the archived records (left out by default). "
        "The detail of an archived record answers with archived_at set.",
    )
    return extend_schema_view(list=extend_schema(parameters=[parameter]))(cls)
