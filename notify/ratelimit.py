"""A send rate shared by every worker: a fixed one-second window counted in Redis."""

from __future__ import annotations

import asyncio
import time

from redis.asyncio import Redis

KEY = "notify:rate:{second}"


async def take_send_slot(redis: Redis, per_second: int) -> None:
    """Wait until this process may send one message within `per_second` for all processes."""
    while True:
        second = int(time.time())
        key = KEY.format(second=second)
        pipe = redis.pipeline()
        pipe.incr(key)
        pipe.expire(key, 2)
        count, _ = await pipe.execute()
        if int(count) <= per_second:
            return
        await asyncio.sleep(max(second + 1 - time.time(), 0.001))
