"""Rate limits: per client address and per citizen, 429 with Retry-After, reset when the window turns."""

from __future__ import annotations

from datetime import timedelta

import pytest

from handlers.app import create_app

from .test_login import assert_error


@pytest.fixture
def limited(aiohttp_client, limited_settings, clock):
    async def make(**limits):
        return await aiohttp_client(create_app(limited_settings(**limits), clock=clock))

    return make


async def test_too_many_requests_from_one_address_get_429_with_retry_after(limited, clock):
    client = await limited(api_rate_per_ip=3)
    for _ in range(3):
        assert (await client.get("/api/v1/catalog/items")).status == 200
    response = await client.get("/api/v1/catalog/search", params={"q": "社保"})
    assert response.status == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    assert_error(await response.json(), "rate_limited")
    clock.set(clock.now() + timedelta(seconds=int(response.headers["Retry-After"])))
    assert (await client.get("/api/v1/catalog/items")).status == 200


async def test_a_busy_citizen_is_limited_without_limiting_others(limited, wechat_platform):
    client = await limited(api_rate_per_citizen=2)

    async def log_in(openid: str) -> dict[str, str]:
        wechat_platform.sessions["code" + openid] = {"openid": openid, "session_key": "k"}
        body = await (await client.post("/api/v1/sessions", json={"code": "code" + openid})).json()
        return {"Authorization": f"Bearer {body['token']}"}

    alice, bob = await log_in("alice"), await log_in("bob")
    for _ in range(2):
        assert (await client.post("/api/v1/chat/messages", json={"text": "你好"}, headers=alice)).status == 200
    response = await client.post("/api/v1/chat/messages", json={"text": "你好"}, headers=alice)
    assert response.status == 429
    assert int(response.headers["Retry-After"]) >= 1
    assert_error(await response.json(), "rate_limited")
    assert (await client.post("/api/v1/chat/messages", json={"text": "你好"}, headers=bob)).status == 200


async def test_paths_outside_the_api_are_not_counted(limited):
    client = await limited(api_rate_per_ip=1)
    for _ in range(3):
        assert (await client.get("/healthz")).status == 200
