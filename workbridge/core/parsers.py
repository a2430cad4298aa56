"""Request parsers for the API. Kept apart from core.api: DRF imports parser classes while it loads its own
settings, and core.api imports DRF's views, which need those settings (an import cycle)."""

from rest_framework import exceptions
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser, get_encoding
from rest_framework.utils import json


class ObjectJSONParser(JSONParser):
    """Every WorkBridge endpoint takes a JSON object: a list or a bare value is a 400 naming the problem, not a
    crash in a view that reads ``request.data.get`` (found by the API fuzz run)."""

    def parse(self, stream, media_type=None, parser_context=None):
        data = self._parse_json(stream, parser_context or {})
        if not isinstance(data, dict):
            raise exceptions.ParseError("The request body must be a JSON object.")
        return data

    def _parse_json(self, stream, parser_context: dict):
        """JSONParser.parse, reading the body at once (a phone's body is a few hundred bytes) instead of through a
        decoding stream reader: the same encoding, the same strictness, the same errors, less work per request."""
        encoding = get_encoding(parser_context)  # DRF's: text encodings only
        try:
            text = stream.read().decode(encoding) if stream is not None else ""
            return json.loads(text, parse_constant=json.strict_constant if self.strict else None)
        except ValueError as exc:  # UnicodeDecodeError included, as when the stream reader decodes
            raise ParseError(f"JSON parse error - {exc}") from exc
