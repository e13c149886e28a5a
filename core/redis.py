"""Redis through redis.asyncio; with no REDIS_URL, an in-process fakeredis (one process only)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from redis.asyncio import Redis


@asynccontextmanager
async def open_redis(redis_url: str | None) -> AsyncIterator[Redis]:
    if redis_url is None:
        from fakeredis import FakeAsyncRedis

        redis: Redis = FakeAsyncRedis(decode_responses=True)
    else:
        redis = Redis.from_url(redis_url, decode_responses=True, health_check_interval=30)
    try:
        yield redis
    finally:
        await redis.aclose()
