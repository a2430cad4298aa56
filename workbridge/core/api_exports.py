"""List endpoints that export (``?format=xlsx|csv``). Kept apart from core.api: DRF loads core.api while reading its
own settings (the pagination class), and drf-spectacular imported there would close an import cycle."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema


class ExportableListMixin:
    """A list endpoint that also answers ``?format=xlsx`` or ``?format=csv`` with the same rows, through the one
    export path (core.listing.export_response): the viewset's own scoped queryset with the request's filters.
    Set ``export_name``, ``export_title`` and ``export_columns`` (a list of core.listing.Col, shared with the page)."""

    export_name = "export"
    export_title = ""
    export_columns: list = []

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "format",
                str,
                enum=["json", "xlsx", "csv"],
                description="json (default): the page of rows; xlsx or csv: every row matching the filters as a file "
                "(CSV in UTF-8 with a byte-order mark, for Excel).",
            )
        ]
    )
    def list(self, request, *args, **kwargs):
        from .listing import EXPORT_FORMATS, export_response

        fmt = request.query_params.get("format", "json")
        if fmt in EXPORT_FORMATS:
            rows = self.filter_queryset(self.get_queryset())
            return export_response(
                fmt,
                name=self.export_name,
                title=self.export_title or self.export_name,
                columns=self.export_columns,
                rows=rows,
            )
        if fmt != "json":
            from .exceptions import ValidationFailed

            raise ValidationFailed("format must be json, xlsx or csv.", errors={"format": ["json, xlsx or csv"]})
        return super().list(request, *args, **kwargs)
