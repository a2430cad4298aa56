"""Request parsers for the API. Kept apart from core.api: DRF imports parser classes while it loads its own
settings, and core.api imports DRF's views, which need those settings (an import cycle)."""

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser, get_encoding
from rest_framework.utils import json


def json_object(body: bytes, encoding: str, *, strict: bool = True) -> dict:
    """A request body as every WorkBridge endpoint reads it: JSON text in ``encoding`` (a text encoding: DRF's
    get_encoding), an object, NaN and Infinity refused when ``strict``; ParseError saying why otherwise."""
    try:
        data = json.loads(body.decode(encoding), parse_constant=json.strict_constant if strict else None)
    except ValueError as exc:  # UnicodeDecodeError included, as when DRF's stream reader decodes
        raise ParseError(f"JSON parse error - {exc}") from exc
    except RecursionError as exc:  # brackets nested thousands deep: the decoder gives up, and so do we
        raise ParseError("JSON parse error - nested too deeply.") from exc
    if not isinstance(data, dict):
        raise ParseError("The request body must be a JSON object.")
    return data


class ObjectJSONParser(JSONParser):
    """Every WorkBridge endpoint takes a JSON object: a list or a bare value is a 400 naming the problem, not a
    crash in a view that reads ``request.data.get`` (found by the API fuzz run). The body is read at once (a
    phone's body is a few hundred bytes) instead of through a decoding stream reader: the same encoding, the same
    strictness, the same errors, less work per request."""

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = get_encoding(parser_context or {})  # DRF's: text encodings only
        return json_object(stream.read() if stream is not None else b"", encoding, strict=self.strict)
