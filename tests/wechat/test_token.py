"""The access token is fetched once and shared by every process through Redis."""

from __future__ import annotations

import asyncio
import time

import pytest

from tests.fakes.wechat_platform import FakePlatform
from wechat import PlatformError, PlatformUnavailable

from .conftest import MakeClient


async def test_four_processes_racing_cause_exactly_one_token_request(wechat_platform: FakePlatform,
                                                                     make_client: MakeClient):
    wechat_platform.token_delay = 0.2  # the first fetch is still under way when the others ask
    clients = [make_client() for _ in range(4)]

    tokens = await asyncio.gather(*(c.access_token() for c in clients))

    assert len(wechat_platform.token_requests) == 1
    assert set(tokens) == {wechat_platform.current_token}
    assert wechat_platform.token_requests[0]["force_refresh"] is False


async def test_a_cached_token_is_used_without_asking_again(wechat_platform: FakePlatform, make_client: MakeClient):
    first, second = make_client(), make_client()
    token = await first.access_token()
    assert await second.access_token() == token
    assert await first.access_token() == token
    assert len(wechat_platform.token_requests) == 1


async def test_early_refresh_is_done_by_one_process_while_the_others_keep_the_valid_token(
        wechat_platform: FakePlatform, make_client: MakeClient):
    clients = [make_client() for _ in range(4)]
    old = await clients[0].access_token()
    await clients[0].token._redis.delete(clients[0].token._fresh_key)  # a few minutes before expiry
    wechat_platform.expire_tokens()  # the platform has rotated: a normal request gets a new token
    wechat_platform.valid_tokens.add(old)  # …and the old one still works meanwhile
    wechat_platform.token_delay = 0.2

    tokens = await asyncio.gather(*(c.access_token() for c in clients))

    assert len(wechat_platform.token_requests) == 2
    assert wechat_platform.token_requests[1]["force_refresh"] is False
    assert set(tokens) <= {old, wechat_platform.current_token}
    assert await clients[3].access_token() == wechat_platform.current_token != old


async def test_a_short_lived_token_is_not_refetched_on_every_call(wechat_platform: FakePlatform,
                                                                  make_client: MakeClient):
    wechat_platform.expires_in = 200  # below the early-refresh margin
    client = make_client()
    token = await client.access_token()
    assert await client.access_token() == token
    assert len(wechat_platform.token_requests) == 1


async def test_rejected_token_is_force_refreshed_once_and_the_call_retried(wechat_platform: FakePlatform,
                                                                         make_client: MakeClient):
    client = make_client()
    old = await client.access_token()
    wechat_platform.fail("cgi-bin/message/custom/send", "expired")

    await client.send_text("openid-1", "您好")

    assert [r["force_refresh"] for r in wechat_platform.token_requests] == [False, True]
    assert await client.access_token() == wechat_platform.current_token != old
    assert wechat_platform.texts_to("openid-1") == ["您好"]


async def test_expired_token_42001_is_refreshed_too(wechat_platform: FakePlatform, make_client: MakeClient):
    client = make_client()
    await client.access_token()
    wechat_platform.fail("cgi-bin/message/custom/send", "42001")
    await client.send_text("openid-1", "您好")
    assert [r["force_refresh"] for r in wechat_platform.token_requests] == [False, True]
    assert len(wechat_platform.sent) == 1


async def test_four_processes_hit_by_40001_force_only_one_refresh(wechat_platform: FakePlatform,
                                                                 make_client: MakeClient):
    clients = [make_client() for _ in range(4)]
    await clients[0].access_token()
    wechat_platform.expire_tokens()  # every process now holds a token the platform refuses
    wechat_platform.token_delay = 0.1

    await asyncio.gather(*(c.send_text(f"openid-{i}", "您好") for i, c in enumerate(clients)))

    assert [r["force_refresh"] for r in wechat_platform.token_requests] == [False, True]
    assert len(wechat_platform.sent) == 4


async def test_a_second_rejection_is_an_error_not_a_loop(wechat_platform: FakePlatform, make_client: MakeClient):
    client = make_client()
    await client.access_token()
    wechat_platform.fail("cgi-bin/message/custom/send", "expired", "expired")
    with pytest.raises(PlatformError) as caught:
        await client.send_text("openid-1", "您好")
    assert caught.value.errcode == 40001
    assert len(wechat_platform.token_requests) == 2


async def test_a_wrong_secret_is_a_platform_error(wechat_platform: FakePlatform, make_client: MakeClient):
    client = make_client()
    wechat_platform.secret = "rotated-in-the-console"
    with pytest.raises(PlatformError) as caught:
        await client.access_token()
    assert caught.value.errcode == 40125


async def test_when_the_lock_holder_fails_another_process_fetches(wechat_platform: FakePlatform,
                                                                  make_client: MakeClient):
    wechat_platform.fail("cgi-bin/stable_token", "500", "500")
    first, second = make_client(attempts=2), make_client(attempts=2)

    results = await asyncio.gather(first.access_token(), second.access_token(), return_exceptions=True)

    tokens = [r for r in results if isinstance(r, str)]
    assert tokens and set(tokens) == {wechat_platform.current_token}


async def test_many_callers_in_one_process_share_one_fetch(wechat_platform: FakePlatform, make_client: MakeClient):
    wechat_platform.token_delay = 0.3
    client = make_client()
    redis_commands = 0
    execute = client.token._redis.execute_command

    async def counted(*args, **kwargs):
        nonlocal redis_commands
        redis_commands += 1
        return await execute(*args, **kwargs)

    client.token._redis.execute_command = counted  # type: ignore[method-assign]
    tokens = await asyncio.gather(*(client.access_token() for _ in range(80)))  # within the test pool's 100
    assert set(tokens) == {wechat_platform.current_token}
    assert len(wechat_platform.token_requests) == 1
    assert redis_commands < 80 + 20  # each caller reads once; no one polls a lock while the fetch runs


async def test_a_failed_fetch_fails_fast_for_a_while_then_tries_again(wechat_platform: FakePlatform,
                                                                      make_client: MakeClient):
    wechat_platform.fail("cgi-bin/stable_token", "500", "500")
    client = make_client(attempts=2, cool_down=0.5)
    with pytest.raises(PlatformUnavailable):
        await client.access_token()
    assert wechat_platform.calls["cgi-bin/stable_token"] == 2

    started = time.monotonic()
    results = await asyncio.gather(*(client.access_token() for _ in range(50)), return_exceptions=True)
    assert all(isinstance(r, PlatformUnavailable) for r in results)
    assert time.monotonic() - started < 0.1  # at once, without asking the platform
    assert wechat_platform.calls["cgi-bin/stable_token"] == 2
    with pytest.raises(PlatformUnavailable):
        await client.send_text("openid-1", "您好")  # a call that needs the token fails fast too
    assert wechat_platform.calls["cgi-bin/message/custom/send"] == 0

    await asyncio.sleep(0.5)
    assert await client.access_token() == wechat_platform.current_token


async def test_calls_fail_fast_after_the_platform_failed_a_call(wechat_platform: FakePlatform,
                                                                make_client: MakeClient):
    client = make_client(attempts=1, cool_down=60)
    await client.access_token()
    wechat_platform.fail("cgi-bin/message/custom/send", "500")
    with pytest.raises(PlatformUnavailable):
        await client.send_text("openid-1", "您好")
    with pytest.raises(PlatformUnavailable) as caught:
        await client.send_text("openid-2", "您好")
    assert "failing fast" in caught.value.reason
    assert wechat_platform.calls["cgi-bin/message/custom/send"] == 1
