"""The app wired to the fake WeChat platform; citizens logged in through it."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from core.settings import Settings
from tests import backend
from tests.fakes.wechat_platform import SECRET, FakePlatform, wechat_platform  # noqa: F401  (a fixture)

Login = Callable[..., Awaitable[dict[str, Any]]]


@pytest.fixture
def settings(tmp_path, wechat_platform: FakePlatform) -> Settings:
    return Settings(database_url=backend.database_url(tmp_path), redis_url=backend.redis_url(),
                    wechat_api_base=wechat_platform.url, wechat_appsecret=SECRET,
                    api_rate_per_ip=1000, api_rate_per_citizen=1000)


@pytest.fixture
def limited_settings(settings: Settings) -> Callable[..., Settings]:
    return lambda **limits: dataclasses.replace(settings, **limits)


@pytest.fixture
def login(client: TestClient, wechat_platform: FakePlatform) -> Login:
    """Log a citizen in through the fake platform; the login answer plus ready headers."""
    count = 0

    async def log_in(openid: str = "mini-openid-1", unionid: str | None = None) -> dict[str, Any]:
        nonlocal count
        count += 1
        code = f"code{count}{openid}".replace("-", "")[:60]
        answer = {"openid": openid, "session_key": "SESSIONKEY" + str(count)}
        if unionid:
            answer["unionid"] = unionid
        wechat_platform.sessions[code] = answer
        response = await client.post("/api/v1/sessions", json={"code": code})
        assert response.status == 201, await response.text()
        body = await response.json()
        return body | {"headers": {"Authorization": f"Bearer {body['token']}"}}

    return log_in
