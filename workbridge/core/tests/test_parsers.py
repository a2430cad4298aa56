"""core.parsers.ObjectJSONParser: a JSON object body is read in one go, as DRF's JSONParser reads it (encoding,
strictness, errors), and anything but an object is a 400 that says why."""

import io

import pytest
from rest_framework.exceptions import ParseError

from workbridge.core.parsers import ObjectJSONParser


def parse(body: bytes, encoding: str | None = None):
    context = {} if encoding is None else {"encoding": encoding}
    return ObjectJSONParser().parse(io.BytesIO(body), "application/json", context)


def test_an_object_is_parsed_with_its_text_intact():
    assert parse('{"client_key": "k-1", "name": "张三", "n": 3, "x": 1.5}'.encode()) == {
        "client_key": "k-1",
        "name": "张三",
        "n": 3,
        "x": 1.5,
    }


def test_the_declared_charset_decodes_the_body():
    assert parse('{"name": "José"}'.encode("latin-1"), "latin-1") == {"name": "José"}
    assert parse('{"name": "张三"}'.encode("gbk"), "gbk") == {"name": "张三"}


@pytest.mark.parametrize(
    ("body", "encoding", "message"),
    [
        (b"[1, 2]", None, "must be a JSON object"),
        (b'"text"', None, "must be a JSON object"),
        (b'{"a": ', None, "JSON parse error"),
        (b'{"a": NaN}', None, "JSON parse error"),  # not JSON: DRF's strict mode refuses it
        (b'{"a": Infinity}', None, "JSON parse error"),
        (b'{"a": "\xff\xfe"}', None, "JSON parse error"),  # not UTF-8
        (b"", None, "JSON parse error"),
        (b"[" * 100_000 + b"]" * 100_000, None, "nested too deeply"),  # the decoder's recursion runs out
        (b'{"a": 1}', "bz2_codec", "Unsupported charset"),  # a compression codec is no text encoding
        (b'{"a": 1}', "no-such-charset", "Unsupported charset"),
    ],
)
def test_what_is_not_a_json_object_is_refused_with_the_reason(body, encoding, message):
    with pytest.raises(ParseError) as refused:
        parse(body, encoding)
    assert message in str(refused.value.detail)


@pytest.mark.django_db
def test_the_api_answers_a_broken_body_with_400(world):
    from rest_framework.test import APIClient

    from workbridge.core.roles import Role

    client = APIClient()
    client.force_authenticate(world.users[Role.STUDENT])
    for body in (b"[1]", b'{"placement": ', b'{"placement": NaN}'):
        response = client.post("/api/v1/placements/checkins/", body, content_type="application/json")
        assert response.status_code == 400, body
