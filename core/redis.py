"""Redis through redis.asyncio; with no REDIS_URL, an in-process fakeredis (one process only).

Both sit behind a blocking connection pool: a rush has more requests in flight than the pool has
connections, and a request then waits for a free one (up to POOL_WAIT seconds) instead of failing
with redis-py's MaxConnectionsError. In-process connections cost no socket, so that pool is larger.
"""

from __future__ import annotations

import asyncio
import contextlib
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


SWEEP_SECONDS = 30.0  # how often the in-process Redis lets go of expired keys


async def sweep_expired(redis: Redis, every: float) -> None:
    """The in-process server drops an expired key only when something reads it (or counts the keys):
    the nonce and answer-once keys of every message would otherwise stay in memory for good (a 30-minute
    soak grew by 1.3 GB). Counting the keys sweeps them; a real Redis expires keys itself."""
    while True:
        await asyncio.sleep(every)
        with contextlib.suppress(Exception):  # a sweep that fails is tried again at the next one
            await redis.dbsize()


@asynccontextmanager
async def open_redis(redis_url: str | None) -> AsyncIterator[Redis]:
    if redis_url is None:
        pool = in_process_pool()
    else:
        pool = BlockingConnectionPool.from_url(redis_url, decode_responses=True, health_check_interval=30,
                                               max_connections=REDIS_CONNECTIONS, timeout=POOL_WAIT)
    redis = Redis.from_pool(pool)
    sweeper = asyncio.create_task(sweep_expired(redis, SWEEP_SECONDS)) if redis_url is None else None
    try:
        yield redis
    finally:
        if sweeper is not None:
            sweeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await sweeper
        await redis.aclose()
