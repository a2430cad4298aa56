"""Request parsers for the API. Kept apart from core.api: DRF imports parser classes while it loads its own
settings, and core.api imports DRF's views, which need those settings (an import cycle)."""

from rest_framework import exceptions
from rest_framework.parsers import JSONParser


class ObjectJSONParser(JSONParser):
    """Every WorkBridge endpoint takes a JSON object: a list or a bare value is a 400 naming the problem, not a
    crash in a view that reads ``request.data.get`` (found by the API fuzz run)."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if not isinstance(data, dict):
            raise exceptions.ParseError("The request body must be a JSON object.")
        return data
