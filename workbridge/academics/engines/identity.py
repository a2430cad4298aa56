"""Chinese resident ID number (GB 11643-1999) and major-code checks. Pure: no Django."""

from __future__ import annotations

import datetime as dt
import re

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"


def id_check_character(first17: str) -> str:
    return _CHECK[sum(int(c) * w for c, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def id_number_error(value: str) -> str | None:
    """Return why an 18-digit resident ID number is invalid, or None."""
    value = value.strip().upper()
    if len(value) != 18:
        return f"must be 18 characters, got {len(value)}"
    if not value[:17].isdigit() or not (value[17].isdigit() or value[17] == "X"):
        return "must be 17 digits followed by a digit or X"
    try:
        birth = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return f"birth date {value[6:14]} is not a real date"
    if birth.year < 1900 or birth > dt.date.today():
        return f"birth date {birth.isoformat()} is out of range"
    expected = id_check_character(value[:17])
    if value[17] != expected:
        return f"check character should be {expected}, not {value[17]}"
    return None


def birth_date_from_id(value: str) -> dt.date:
    return dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))


def gender_from_id(value: str) -> str:
    return "M" if int(value[16]) % 2 else "F"


def make_id_number(region6: str, birth: dt.date, sequence3: int) -> str:
    body = f"{region6}{birth:%Y%m%d}{sequence3:03d}"
    return body + id_check_character(body)


# 2021 vocational education major catalogue (职业教育专业目录): 6-digit codes whose first two digits are the
# level's major-field number: 61-79 secondary (中职, e.g. 710201), 41-59 higher vocational (高职专科, e.g.
# 460301, 510201), 21-39 vocational undergraduate (职业本科, e.g. 310201).
# Ordinary undergraduate codes (applied universities) are 6 digits, first two the discipline 01-14 (e.g.
# 080202, 120801), with an optional T (special) / K (state-controlled) suffix (080910T, 120203K).
_VOCATIONAL = re.compile(r"^(?:[246][1-9]|[357]\d)\d{4}$")
_UNDERGRADUATE = re.compile(r"^(?:0[1-9]|1[0-4])\d{4}[TK]?$")


def major_code_error(code: str) -> str | None:
    if _VOCATIONAL.match(code) or _UNDERGRADUATE.match(code):
        return None
    return (
        f"{code!r} is not a catalogue code: expected 6 digits starting 61-79 (secondary), "
        "41-59 (higher vocational) or 21-39 (vocational undergraduate), or an undergraduate code like 080202 / 080910T"
    )


def major_category(code: str) -> str:
    """The 4-digit major category (专业类) used for the 'post matches the major' rule."""
    return code[:4]
