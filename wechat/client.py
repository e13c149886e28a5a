"""PLACEHOLDER: the async WeChat platform client (to be written)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import aiohttp
from redis.asyncio import Redis

from core.settings import Settings


class WeChatClient:
    def __init__(self, session: aiohttp.ClientSession, redis: Redis, settings: Settings) -> None:
        self.session, self.redis, self.settings = session, redis, settings


@asynccontextmanager
async def open_wechat(settings: Settings, redis: Redis) -> AsyncIterator[WeChatClient]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as session:
        yield WeChatClient(session, redis, settings)
