"""How the OpenAPI schema describes each operation (REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]); a module of its own
because DRF loads the schema class while importing its views, which the API docs' views module needs."""

from __future__ import annotations

from django.utils.text import capfirst
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import get_lib_doc_excludes, get_view_model


def doc_excludes() -> list:
    """Classes whose docstrings never describe an operation (SPECTACULAR_SETTINGS["GET_LIB_DOC_EXCLUDES"]): DRF's
    own, and the project's view mixins, whose docstrings are notes for developers ("``self.actor`` is the acting
    identity") that drf-spectacular showed on every view without a docstring of its own (141 operations)."""
    from .api import ActorMixin
    from .api_exports import ExportableListMixin
    from .viewsets import ArchivedListMixin

    return [*get_lib_doc_excludes(), ActorMixin, ArchivedListMixin, ExportableListMixin]


class AutoSchema(SpectacularAutoSchema):
    def get_description(self):
        """The action's docstring or the view's own; without either, the records it serves ("Check-ins",
        "签到记录") rather than nothing."""
        description = super().get_description()
        if description:
            return description
        model = get_view_model(self.view, emit_warnings=False)
        return str(capfirst(model._meta.verbose_name_plural)) if model is not None else ""
