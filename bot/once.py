"""Answer each message once: a retry of the same message never produces a second reply.

The first delivery of a message claims it in Redis and produces the reply; a retry (any
process) waits for that reply instead of producing its own. For channels with a deadline
(WeChat gives a callback five seconds), pass `deliver_late`: the first delivery waits `wait`
seconds, and when the reply is not ready by then it returns None and the reply is handed to
`deliver_late` as soon as it is. Exactly one of "answered directly" and "delivered late"
happens to a message, decided by one SET NX; a retry of a directly answered message gets the
same direct answer again, a retry of a late-delivered one gets None.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from redis.asyncio import Redis

from .inbound import Inbound
from .reply import Reply

PENDING = "pending"
DIRECT, LATE = "direct", "late"  # how the reply reached the citizen
ANSWER_TTL = 24 * 3600  # retries come within seconds; a day is plenty
PENDING_TTL = 120  # a crashed worker's claim expires, so a later delivery is answered
POLL = 0.05

Produce = Callable[[], Awaitable[Reply]]
Deliver = Callable[[Reply], Awaitable[None]]
Spawn = Callable[[Coroutine[Any, Any, Any]], "asyncio.Task[Any]"]


def answer_key(inbound: Inbound) -> str:
    return f"answer:{inbound.channel}:{inbound.message_id}"


async def answer_once(
    inbound: Inbound,
    redis: Redis,
    produce: Produce,
    *,
    wait: float,
    deliver_late: Deliver | None = None,
    spawn: Spawn = asyncio.create_task,
) -> Reply | None:
    """The reply to give this delivery now, or None when there is nothing to say now.

    Without `deliver_late`, the first delivery produces the reply however long it takes and a
    retry waits up to `wait` seconds for it. With it, see the module docstring; `spawn` starts
    the background work (pass one that keeps a reference, so shutdown can wait for it).
    """
    key = answer_key(inbound)
    if await redis.set(key, PENDING, nx=True, ex=PENDING_TTL):
        if deliver_late is None:
            return await _produce(redis, key, produce)
        return await _answer_first(redis, key, produce, wait, deliver_late, spawn)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait
    while True:
        stored = await redis.get(key)
        if stored is None:  # the first delivery failed and gave up its claim: answer this one
            remaining = max(deadline - loop.time(), 0)
            return await answer_once(inbound, redis, produce, wait=remaining, deliver_late=deliver_late, spawn=spawn)
        if stored != PENDING:
            reply = Reply.from_json(json.loads(stored))
            if deliver_late is None or await _claim(redis, key, DIRECT):
                return reply
            return None  # delivered late already (or about to be): say nothing twice
        if loop.time() >= deadline:
            return None
        await asyncio.sleep(POLL)


async def _answer_first(
    redis: Redis, key: str, produce: Produce, wait: float, deliver_late: Deliver, spawn: Spawn
) -> Reply | None:
    production = spawn(_produce(redis, key, produce))
    handed_over: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
    spawn(_deliver_if_handed_over(redis, key, production, handed_over, deliver_late))
    ready = False
    try:
        await asyncio.wait({production}, timeout=wait)
        ready = production.done() and not production.cancelled()
        if ready:
            reply = production.result()  # the bot's own error surfaces here, as on any request
            return reply if await _claim(redis, key, DIRECT) else None
        return None
    finally:
        handed_over.set_result(not ready)  # also when this request is cancelled while waiting


async def _deliver_if_handed_over(
    redis: Redis, key: str, production: asyncio.Task[Reply], handed_over: asyncio.Future[bool], deliver: Deliver
) -> None:
    if not await handed_over:
        return
    await asyncio.wait({production})
    if production.cancelled() or production.exception() is not None:
        return  # the claim is gone, so the platform's next retry produces it again
    if await _claim(redis, key, LATE):
        await deliver(production.result())


async def _produce(redis: Redis, key: str, produce: Produce) -> Reply:
    try:
        reply = await produce()
    except BaseException:
        await redis.delete(key)
        raise
    await redis.set(key, json.dumps(reply.to_json(), ensure_ascii=False), ex=ANSWER_TTL)
    return reply


async def _claim(redis: Redis, key: str, how: str) -> bool:
    """Decide, once for all processes, how the reply reaches the citizen; True if it is `how`."""
    delivery = f"{key}:delivery"
    if await redis.set(delivery, how, nx=True, ex=ANSWER_TTL):
        return True
    return await redis.get(delivery) == how
