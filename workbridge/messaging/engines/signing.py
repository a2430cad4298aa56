"""Signatures and schedules for the messengers, pure (no Django, no I/O).

- DingTalk group robots sign ``timestamp + "\\n" + secret`` with HMAC-SHA256 (key: the secret), base64, sent as the
  ``timestamp`` and ``sign`` query parameters.
- Aliyun's RPC APIs (SMS ``SendSms``) sign the sorted, RFC 3986-encoded query with HMAC-SHA1 (key: the access key
  secret + "&"), signature version 1.0.
- Retries back off exponentially; quiet hours push a delivery to the end of the user's quiet window.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
from urllib.parse import quote


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    message = f"{timestamp_ms}\n{secret}".encode()
    digest = hmac.new(secret.encode(), message, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def rfc3986(value: str) -> str:
    """Percent-encoding as Aliyun's signature v1 wants it: only A-Z a-z 0-9 - _ . ~ stay as they are."""
    return quote(str(value), safe="-_.~")


def aliyun_string_to_sign(method: str, params: dict[str, str]) -> str:
    canonical = "&".join(f"{rfc3986(k)}={rfc3986(v)}" for k, v in sorted(params.items()))
    return f"{method}&{rfc3986('/')}&{rfc3986(canonical)}"


def aliyun_signature(secret: str, method: str, params: dict[str, str]) -> str:
    digest = hmac.new(f"{secret}&".encode(), aliyun_string_to_sign(method, params).encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def backoff(attempt: int, *, base_seconds: int = 60, cap_seconds: int = 6 * 3600) -> dt.timedelta:
    """Wait before retry number ``attempt`` (1-based): 1, 2, 4, 8 ... minutes, at most ``cap_seconds``."""
    return dt.timedelta(seconds=min(cap_seconds, base_seconds * 2 ** max(0, attempt - 1)))


def quiet_until(local_now: dt.datetime, start: dt.time | None, end: dt.time | None) -> dt.datetime | None:
    """The local time the quiet window ends, if ``local_now`` falls inside it; None outside it.

    A window may cross midnight (22:00-07:00). start == end means no quiet hours.
    """
    if start is None or end is None:
        return None
    # Quiet hours are set in whole minutes; seconds in the input must not open a gap at the window's edge.
    start, end = start.replace(second=0, microsecond=0), end.replace(second=0, microsecond=0)
    if start == end:
        return None
    now = local_now.time()
    if start < end:
        inside = start <= now < end
        end_day = local_now.date()
    else:
        inside = now >= start or now < end
        end_day = local_now.date() + dt.timedelta(days=1) if now >= start else local_now.date()
    if not inside:
        return None
    return local_now.replace(
        year=end_day.year,
        month=end_day.month,
        day=end_day.day,
        hour=end.hour,
        minute=end.minute,
        second=0,
        microsecond=0,
    )
