"""The fingerprint of an apprenticeship agreement's terms. Pure: no Django."""

from __future__ import annotations

import hashlib
import json


def terms_hash(terms: dict) -> str:
    """A short fingerprint printed on the PDF: two copies with the same code say the same thing."""
    canonical = json.dumps(terms, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]
