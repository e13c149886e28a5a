"""Hostile input at the official account's door, /wechat (plain mode: the signature covers the query only)."""

from __future__ import annotations

import json
import time

import pytest

from tests.handlers.test_wechat_hostile import BILLION_LAUGHS, EXTERNAL_ENTITY
from tests.wechat.callback import NOW, message, sign, xml

from .rows import HUGE_HEADER, MB, Row, answer, rows

TEXT = xml(message("text", Content="你好")).encode()


def signed(token: str, nonce: str | None = None) -> dict[str, str]:
    nonce = nonce or str(time.monotonic_ns())
    return {"signature": sign(token, str(NOW), nonce), "timestamp": str(NOW), "nonce": nonce}


SIGNED = rows(  # sent with a correct signature: the body alone is hostile
    Row("billion laughs", "POST", "/wechat", 400, BILLION_LAUGHS.encode()),
    Row("external entity", "POST", "/wechat", 400, EXTERNAL_ENTITY.encode()),
    Row("not xml", "POST", "/wechat", 400, b"hello, not xml"),
    Row("json as xml", "POST", "/wechat", 400, b'{"MsgType": "text"}', {"Content-Type": "application/json"}),
    Row("truncated xml", "POST", "/wechat", 400, TEXT[:40]),
    Row("deep nesting", "POST", "/wechat", 400, ("<xml>" + "<a>" * 5000 + "</a>" * 5000 + "</xml>").encode()),
    Row("not utf-8", "POST", "/wechat", 400, "<xml>换</xml>".encode("gbk")),
    Row("control characters", "POST", "/wechat", 400, TEXT.replace("你好".encode(), b"\x00\x1b[2J")),
    Row("empty body", "POST", "/wechat", 400, b""),
    Row("over 64 KB", "POST", "/wechat", 413, b"<xml>" + b"a" * (65 * 1024) + b"</xml>"),
    Row("over 1 MB", "POST", "/wechat", 413, b"<xml>" + b"a" * (MB + 10) + b"</xml>"),
    Row("huge header", "POST", "/wechat", 400, TEXT, {"X-Padding": HUGE_HEADER}),
)

UNSIGNED = rows(
    Row("no signature", "POST", "/wechat", 403, TEXT),
    Row("bad signature", "POST", "/wechat", 403, TEXT, params={"signature": "0" * 40, "timestamp": str(NOW),
                                                                "nonce": "1"}),
    Row("signature not hex", "POST", "/wechat", 403, TEXT, params={"signature": "\n" * 40, "timestamp": str(NOW),
                                                                    "nonce": "1"}),
    Row("verification, bad signature", "GET", "/wechat", 403, params={"signature": "x", "timestamp": "1",
                                                                       "nonce": "1", "echostr": "hi"}),
    Row("newline in the path", "GET", "/wechat%0aGET%20/healthz%20200", 404),
    Row("method not allowed", "DELETE", "/wechat", 405),
)


@pytest.mark.parametrize("row", SIGNED)
async def test_a_signed_hostile_body_is_refused_in_time(client, settings, row: Row):
    status, _ = await answer(client, row, params=signed(settings.wechat_token))
    assert status == row.status, row.name


@pytest.mark.parametrize("row", UNSIGNED)
async def test_an_unsigned_or_malformed_request_is_refused_in_time(client, row: Row):
    status, _ = await answer(client, row)
    assert status == row.status, row.name


async def test_a_replayed_nonce_with_another_body_is_refused(client, settings):
    query = signed(settings.wechat_token, nonce="770001")
    first = Row("first", "POST", "/wechat", 200, TEXT)
    assert (await answer(client, first, params=query))[0] == 200
    other = Row("replay, another body", "POST", "/wechat", 403, xml(message("text", Content="我的预约")).encode())
    status, body = await answer(client, other, params=query)
    assert status == 403 and json.loads(body)["error"]["code"] == "replayed"
