"""Answer each message once: a retry of the same message gets the remembered answer."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable

from redis.asyncio import Redis

from .inbound import Inbound
from .reply import Reply

PENDING = "pending"
ANSWER_TTL = 24 * 3600  # retries come within seconds; a day is plenty
PENDING_TTL = 60  # a crashed worker's claim expires, so a later retry is answered


def answer_key(inbound: Inbound) -> str:
    return f"answer:{inbound.channel}:{inbound.message_id}"


async def answer_once(
    inbound: Inbound, redis: Redis, produce: Callable[[], Awaitable[Reply]], *, wait: float
) -> Reply | None:
    """Produce the reply for the first delivery of a message and remember it.

    A repeated delivery gets the remembered reply, waiting up to `wait` seconds while the
    first one is still being produced; None when it is not ready by then.
    """
    key = answer_key(inbound)
    if await redis.set(key, PENDING, nx=True, ex=PENDING_TTL):
        try:
            reply = await produce()
        except BaseException:
            await redis.delete(key)
            raise
        await redis.set(key, json.dumps(reply.to_json(), ensure_ascii=False), ex=ANSWER_TTL)
        return reply
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait
    while True:
        stored = await redis.get(key)
        if stored is None:  # the first delivery failed and gave up its claim: answer this one
            return await answer_once(inbound, redis, produce, wait=max(deadline - loop.time(), 0))
        if stored != PENDING:
            return Reply.from_json(json.loads(stored))
        if loop.time() >= deadline:
            return None
        await asyncio.sleep(0.05)
