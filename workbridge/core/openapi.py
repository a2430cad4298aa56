"""How the OpenAPI schema describes each operation (REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]); a module of its own
because DRF loads the schema class while importing its views, which the API docs' views module needs."""

from __future__ import annotations

from django.utils.text import capfirst
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import get_lib_doc_excludes, get_view_model
from rest_framework import serializers

# A time of day as DRF reads and writes it ("08:30", "08:30:00", "08:30:00.250000"): no UTC offset, so not the
# JSON Schema "time" format (RFC 3339's full-time, which requires one: "08:00:00" failed the schema's own check)
TIME_OF_DAY_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?$"


def doc_excludes() -> list:
    """Classes whose docstrings never describe an operation (SPECTACULAR_SETTINGS["GET_LIB_DOC_EXCLUDES"]): DRF's
    own, and the project's view mixins, whose docstrings are notes for developers ("``self.actor`` is the acting
    identity") that drf-spectacular showed on every view without a docstring of its own (141 operations)."""
    from .api import ActorMixin
    from .api_exports import ExportableListMixin
    from .viewsets import ArchivedListMixin

    return [*get_lib_doc_excludes(), ActorMixin, ArchivedListMixin, ExportableListMixin]


class AutoSchema(SpectacularAutoSchema):
    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(field, serializers.TimeField) and schema.get("format") == "time":
            schema = {**schema, "format": "partial-time", "pattern": TIME_OF_DAY_PATTERN}
        return schema

    def get_description(self):
        """The action's docstring or the view's own; without either, the records it serves ("Check-ins",
        "签到记录") rather than nothing."""
        description = super().get_description()
        if description:
            return description
        model = get_view_model(self.view, emit_warnings=False)
        return str(capfirst(model._meta.verbose_name_plural)) if model is not None else ""
