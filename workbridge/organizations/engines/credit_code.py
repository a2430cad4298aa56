"""Unified social credit code (统一社会信用代码) check, GB 32100-2015. Pure: no Django."""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V, Z
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
REGISTRATION_AUTHORITIES = "123456789ANY"


def check_character(first17: str) -> str:
    total = sum(ALPHABET.index(ch) * w for ch, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def credit_code_error(code: str) -> str | None:
    """Return why the code is invalid, or None when it is valid."""
    if len(code) != 18:
        return f"must be 18 characters, got {len(code)}"
    bad = [ch for ch in code if ch not in ALPHABET]
    if bad:
        return f"character {bad[0]!r} is not allowed (I, O, S, V, Z and lower case never appear)"
    if code[0] not in REGISTRATION_AUTHORITIES:
        return f"first character {code[0]!r} is not a registration authority code"
    if not code[2:8].isdigit():
        return "characters 3-8 must be the 6-digit administrative division code"
    expected = check_character(code[:17])
    if code[17] != expected:
        return f"check character should be {expected!r}, not {code[17]!r}"
    return None


def is_valid_credit_code(code: str) -> bool:
    return credit_code_error(code) is None


def make_credit_code(body17: str) -> str:
    """Complete a 17-character body with its check character (used by the demo generator and tests)."""
    return body17 + check_character(body17)
