"""Redis through redis.asyncio; with no REDIS_URL, an in-process fakeredis (one process only).

Both sit behind a blocking connection pool: a rush has more requests in flight than the pool has
connections, and a request then waits for a free one (up to POOL_WAIT seconds) instead of failing
with redis-py's MaxConnectionsError. In-process connections cost no socket, so that pool is larger.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from redis.asyncio import BlockingConnectionPool, Redis

POOL_WAIT = 10  # seconds a command waits for a free connection before it fails
REDIS_CONNECTIONS = 100  # per process, to a real Redis server
IN_PROCESS_CONNECTIONS = 2000  # to the in-process one: objects, no sockets


def in_process_pool() -> BlockingConnectionPool:
    """A pool onto a fakeredis server of its own (never shared with another app in this process)."""
    from fakeredis import FakeServer
    from fakeredis.aioredis import FakeAsyncRedisConnection

    return BlockingConnectionPool(connection_class=FakeAsyncRedisConnection, max_connections=IN_PROCESS_CONNECTIONS,
                                  timeout=POOL_WAIT, server=FakeServer(), decode_responses=True)


@asynccontextmanager
async def open_redis(redis_url: str | None) -> AsyncIterator[Redis]:
    if redis_url is None:
        pool = in_process_pool()
    else:
        pool = BlockingConnectionPool.from_url(redis_url, decode_responses=True, health_check_interval=30,
                                               max_connections=REDIS_CONNECTIONS, timeout=POOL_WAIT)
    redis = Redis.from_pool(pool)
    try:
        yield redis
    finally:
        await redis.aclose()
