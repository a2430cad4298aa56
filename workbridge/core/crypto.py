"""Field-level encryption for personal identifiers, and a keyed hash for uniqueness look-ups."""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _key_material() -> bytes:
    return hashlib.sha256(("workbridge-field-key:" + settings.FIELD_ENCRYPTION_KEY).encode()).digest()


def _fernet() -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_key_material()))


def encrypt(value: str) -> str:
    if not value:
        return ""
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        return ""


def keyed_hash(value: str) -> str:
    """Deterministic, non-reversible digest used to find duplicates without storing the clear value."""
    if not value:
        return ""
    return hmac.new(_key_material(), value.upper().encode(), hashlib.sha256).hexdigest()
