import base64
import datetime as dt
import hashlib
import hmac

from hypothesis import given
from hypothesis import strategies as st

from workbridge.messaging.engines.signing import (
    aliyun_signature,
    aliyun_string_to_sign,
    backoff,
    dingtalk_sign,
    quiet_until,
    rfc3986,
)


def test_dingtalk_sign_is_hmac_sha256_of_timestamp_and_secret():
    secret, stamp = "SEC000abc", 1_700_000_000_000
    expected = base64.b64encode(
        hmac.new(secret.encode(), f"{stamp}\n{secret}".encode(), hashlib.sha256).digest()
    ).decode()
    assert dingtalk_sign(secret, stamp) == expected


def test_aliyun_percent_encoding_follows_rfc3986():
    assert rfc3986("a b*c~d/é") == "a%20b%2Ac~d%2F%C3%A9"


def test_aliyun_string_to_sign_sorts_and_double_encodes():
    assert aliyun_string_to_sign("GET", {"b": "2", "a": "x y"}) == "GET&%2F&a%3Dx%2520y%26b%3D2"


def test_aliyun_signature_uses_secret_with_ampersand():
    params = {"Action": "SendSms", "Timestamp": "2026-12-04T00:00:00Z"}
    want = base64.b64encode(
        hmac.new(b"k&", aliyun_string_to_sign("GET", params).encode(), hashlib.sha1).digest()
    ).decode()
    assert aliyun_signature("k", "GET", params) == want


def test_backoff_doubles_up_to_the_cap():
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert backoff(30).total_seconds() == 6 * 3600


def test_quiet_hours_across_midnight():
    start, end = dt.time(22, 0), dt.time(7, 0)
    assert quiet_until(dt.datetime(2026, 12, 4, 23, 30), start, end) == dt.datetime(2026, 12, 5, 7, 0)
    assert quiet_until(dt.datetime(2026, 12, 5, 6, 59), start, end) == dt.datetime(2026, 12, 5, 7, 0)
    assert quiet_until(dt.datetime(2026, 12, 5, 7, 0), start, end) is None
    assert quiet_until(dt.datetime(2026, 12, 5, 12, 0), start, end) is None


def test_quiet_hours_within_one_day_and_none():
    assert quiet_until(dt.datetime(2026, 12, 4, 12, 30), dt.time(12), dt.time(14)) == dt.datetime(2026, 12, 4, 14, 0)
    assert quiet_until(dt.datetime(2026, 12, 4, 12, 30), None, None) is None
    assert quiet_until(dt.datetime(2026, 12, 4, 12, 30), dt.time(9), dt.time(9)) is None


@given(st.datetimes(min_value=dt.datetime(2020, 1, 1), max_value=dt.datetime(2030, 1, 1)), st.times(), st.times())
def test_quiet_end_is_after_now_and_outside_the_window(now, start, end):
    until = quiet_until(now, start, end)
    if until is not None:
        assert now < until <= now + dt.timedelta(days=1)
        assert quiet_until(until, start, end) is None
