"""Redis through redis.asyncio; with no REDIS_URL, an in-process fakeredis (one process only)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from redis.asyncio import BlockingConnectionPool, Redis


@asynccontextmanager
async def open_redis(redis_url: str | None) -> AsyncIterator[Redis]:
    if redis_url is None:
        from fakeredis import FakeAsyncRedis

        redis: Redis = FakeAsyncRedis(decode_responses=True)
    else:
        # A rush has more requests in flight than connections: wait for a free one (up to 10 s)
        # instead of redis-py's default pool, which raises MaxConnectionsError past 100.
        pool = BlockingConnectionPool.from_url(redis_url, decode_responses=True, health_check_interval=30,
                                               max_connections=100, timeout=10)
        redis = Redis.from_pool(pool)
    try:
        yield redis
    finally:
        await redis.aclose()
