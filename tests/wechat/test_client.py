"""The platform client against the fake: retries with backoff, timeouts, media, code2session."""

from __future__ import annotations

import asyncio
import json
import time

import aiohttp
import pytest

from tests.fakes.wechat_platform import FakePlatform
from wechat import Article, PlatformError, PlatformUnavailable

from .conftest import MakeClient

SEND = "cgi-bin/message/custom/send"


@pytest.mark.parametrize("failure", ["500", "busy", "disconnect", "timeout"])
async def test_transient_failures_are_retried_with_backoff(wechat_platform: FakePlatform, make_client: MakeClient,
                                                           failure: str):
    wechat_platform.hang = 0.5
    client = make_client(backoff=0.1, timeout=aiohttp.ClientTimeout(total=0.2))
    await client.access_token()
    wechat_platform.fail(SEND, failure, failure)
    started = time.monotonic()

    await client.send_text("openid-1", "您好")

    assert time.monotonic() - started >= 0.1 + 0.2  # waited 0.1 s, then 0.2 s, between the attempts
    assert wechat_platform.calls[SEND] == 3
    assert wechat_platform.texts_to("openid-1") == ["您好"]


async def test_retries_are_limited_then_the_platform_is_unavailable(wechat_platform: FakePlatform,
                                                                   make_client: MakeClient):
    client = make_client()
    await client.access_token()
    wechat_platform.fail(SEND, "500", "500", "500")
    with pytest.raises(PlatformUnavailable) as caught:
        await client.send_text("openid-1", "您好")
    assert "HTTP 502" in caught.value.reason
    assert "access_token" not in str(caught.value)
    assert wechat_platform.calls[SEND] == 3
    assert wechat_platform.sent == []


async def test_busy_to_the_end_is_unavailable(wechat_platform: FakePlatform, make_client: MakeClient):
    client = make_client(attempts=2)
    await client.access_token()
    wechat_platform.fail(SEND, "busy", "busy")
    with pytest.raises(PlatformUnavailable):
        await client.send_text("openid-1", "您好")
    assert wechat_platform.calls[SEND] == 2


async def test_every_call_has_a_timeout(wechat_platform: FakePlatform, make_client: MakeClient):
    wechat_platform.hang = 1.0
    client = make_client(attempts=1, timeout=aiohttp.ClientTimeout(total=0.2))
    await client.access_token()
    wechat_platform.fail(SEND, "timeout")
    started = time.monotonic()
    with pytest.raises(PlatformUnavailable) as caught:
        await client.send_text("openid-1", "您好")
    assert time.monotonic() - started < 0.8
    assert "TimeoutError" in caught.value.reason


async def test_the_token_request_is_retried_too(wechat_platform: FakePlatform, make_client: MakeClient):
    wechat_platform.fail("cgi-bin/stable_token", "busy", "disconnect")
    assert await make_client().access_token() == wechat_platform.current_token
    assert wechat_platform.calls["cgi-bin/stable_token"] == 3


async def test_other_errcodes_are_errors_without_retry(wechat_platform: FakePlatform, make_client: MakeClient):
    client = make_client()
    with pytest.raises(PlatformError) as caught:
        await client.download_media("no-such-media")
    assert (caught.value.errcode, caught.value.api) == (40007, "cgi-bin/media/get")
    assert wechat_platform.calls["cgi-bin/media/get"] == 1


async def test_customer_service_messages_are_utf8_json(wechat_platform: FakePlatform, make_client: MakeClient):
    client = make_client()
    await client.send_text("openid-1", "换身份证要带什么")
    await client.send_news("openid-1", Article("居民身份证换领", "所需材料与办理地点", "https://example.gov.cn/id"))

    assert "换身份证要带什么".encode() in wechat_platform.raw_sent[0]  # not \\uXXXX escapes
    assert wechat_platform.sent[1] == {"touser": "openid-1", "msgtype": "news", "news": {"articles": [
        {"title": "居民身份证换领", "description": "所需材料与办理地点", "url": "https://example.gov.cn/id",
         "picurl": ""}]}}


async def test_media_download_returns_bytes_and_content_type(wechat_platform: FakePlatform, make_client: MakeClient):
    wechat_platform.media["MEDIA1"] = (b"\xff\xd8\xff\xe0 a jpeg", "image/jpeg")
    media = await make_client().download_media("MEDIA1")
    assert (media.content, media.content_type) == (b"\xff\xd8\xff\xe0 a jpeg", "image/jpeg")
    assert "a jpeg" not in repr(media)


async def test_media_download_refreshes_a_rejected_token(wechat_platform: FakePlatform, make_client: MakeClient):
    wechat_platform.media["MEDIA1"] = (b"#!AMR\n", "audio/amr")
    client = make_client()
    await client.access_token()
    wechat_platform.expire_tokens()
    media = await client.download_media("MEDIA1")
    assert media.content_type == "audio/amr"
    assert [r["force_refresh"] for r in wechat_platform.token_requests] == [False, True]


async def test_code2session(wechat_platform: FakePlatform, make_client: MakeClient):
    wechat_platform.sessions["CODE1"] = {"openid": "o-mini-1", "session_key": "c2Vzc2lvbg==", "unionid": "u-1"}
    session = await make_client().code2session("CODE1")
    assert (session.openid, session.session_key, session.unionid) == ("o-mini-1", "c2Vzc2lvbg==", "u-1")
    assert "o-mini-1" not in repr(session) and "c2Vzc2lvbg" not in repr(session)
    assert wechat_platform.token_requests == []  # code2session needs no access token


async def test_code2session_without_unionid_and_with_a_bad_code(wechat_platform: FakePlatform,
                                                                make_client: MakeClient):
    wechat_platform.sessions["CODE2"] = {"openid": "o-mini-2", "session_key": "k"}
    client = make_client()
    assert (await client.code2session("CODE2")).unionid is None
    with pytest.raises(PlatformError) as caught:
        await client.code2session("used-code")
    assert caught.value.errcode == 40029


async def test_concurrent_calls_share_one_token(wechat_platform: FakePlatform, make_client: MakeClient):
    client = make_client()
    wechat_platform.token_delay = 0.1
    await asyncio.gather(*(client.send_text(f"openid-{i}", "您好") for i in range(10)))
    assert len(wechat_platform.token_requests) == 1
    assert json.loads(wechat_platform.raw_sent[0])["text"]["content"] == "您好"
