"""Fixtures for the platform client: the fake platform, in-process Redis, clients made to measure."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import aiohttp
import pytest
from fakeredis import FakeServer

from tests import backend
from tests.fakes.wechat_platform import FakePlatform, wechat_platform  # noqa: F401  (a fixture)
from wechat import WeChatClient

MakeClient = Callable[..., WeChatClient]


@pytest.fixture
def redis_server() -> FakeServer:
    """One Redis as several processes would share it; each client gets its own connection."""
    return FakeServer()


@pytest.fixture
async def make_client(wechat_platform: FakePlatform, redis_server: FakeServer) -> AsyncIterator[MakeClient]:
    """WeChatClient(...) on its own session and its own Redis connection, fast backoff by default."""
    opened: list[Any] = []

    def make(**options: Any) -> WeChatClient:
        session = aiohttp.ClientSession()
        redis = backend.redis_client(redis_server)
        opened.extend([session, redis])
        options = {"backoff": 0.01, "timeout": aiohttp.ClientTimeout(total=2), **options}
        return WeChatClient(session, redis, base_url=wechat_platform.url, app_id=wechat_platform.app_id,
                            secret=wechat_platform.secret, **options)

    yield make
    for resource in opened:
        await (resource.close() if isinstance(resource, aiohttp.ClientSession) else resource.aclose())
