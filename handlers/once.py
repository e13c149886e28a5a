"""Once per key, across processes: the first attempt claims the key and does the work; a retry
gets what the first one left instead of doing it again.

Two kinds of retry use it: a message the WeChat platform or a kiosk sends again (`answer_once`,
for handlers/wechat.py and handlers/robot.py), and a mini-program POST sent again with the same
Idempotency-Key (handlers/miniapp/idempotency.py). The keys are remembered in core/remembered.py's
Memory (Redis, or the database in the embedded default, so that a restart forgets none). The
protocol, one value per key:

    first = await claim(memory, key, fingerprint, ttl=...)
    first is None                 this attempt holds the key: do the work, then remember() or forget()
    first.fingerprint != mine     the key was already used for something else
    first.value is None           the first attempt is still at work
    otherwise                     first.value is what it produced

A claim expires (`ttl`), so a crashed attempt frees its key; a failed one forgets it at once,
so that the next retry does the work again.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from bot import Reply
from core.remembered import Memory


@dataclass(frozen=True)
class Remembered:
    fingerprint: str
    value: str | None = None  # None while the first attempt is at work


def _dump(fingerprint: str, value: str | None) -> str:
    return json.dumps({"fingerprint": fingerprint, "value": value}, ensure_ascii=False)


async def recall(memory: Memory, key: str) -> Remembered | None:
    raw = await memory.get(key)
    if raw is None:
        return None
    stored = json.loads(raw)
    return Remembered(stored["fingerprint"], stored["value"])


AT_WORK = _dump("", None)  # a message's claim, before its reply is made: the same text every time


async def claim(memory: Memory, key: str, fingerprint: str, *, ttl: int, durable: bool = True) -> Remembered | None:
    """None when this attempt now holds the key; else what the first attempt left there."""
    value = AT_WORK if fingerprint == "" else _dump(fingerprint, None)
    for _ in range(2):
        if await memory.claim(key, value, ttl=ttl, durable=durable):
            return None
        first = await recall(memory, key)
        if first is not None:
            return first
        # the first attempt failed and let go in between: claim it again
    return Remembered(fingerprint)  # claimed and let go twice meanwhile: call it still at work


async def remember(memory: Memory, key: str, fingerprint: str, value: str, *, ttl: int, durable: bool = True) -> None:
    await memory.put(key, _dump(fingerprint, value), ttl=ttl, durable=durable)


async def forget(memory: Memory, key: str) -> None:
    await memory.forget(key)


# Messages: the reply to a message, produced once however often the message arrives.

DIRECT, LATE = "direct", "late"  # how the reply reached the citizen
# The platform retries a message within 15 seconds (three tries, 5 s apart); a worker's restart takes
# seconds. Ten minutes covers both with room to spare, and bounds what is held: each answer is kept in
# process memory by the embedded default, so a day of them grew a 30-minute soak by 1.3 GB.
ANSWER_TTL = 10 * 60
PENDING_TTL = 120  # a crashed worker's claim expires, so a later delivery is answered
POLL = 0.05

Produce = Callable[[], Awaitable[Reply]]
Deliver = Callable[[Reply], Awaitable[None]]
Spawn = Callable[[Coroutine[Any, Any, Any]], "asyncio.Task[Any]"]


def message_key(channel: str, sender: str, message_id: str, content: str) -> str:
    """One message of one sender: the channel's message id alone is not enough (another citizen,
    or a kiosk that counts its ids afresh for each visitor, may send the same id again)."""
    digest = hashlib.sha256(content.encode("utf-8", "replace")).hexdigest()[:16]
    return f"answer:{channel}:{sender}:{message_id}:{digest}"


async def answer_once(
    key: str,
    memory: Memory,
    produce: Produce,
    *,
    wait: float,
    deliver_late: Deliver | None = None,
    spawn: Spawn = asyncio.create_task,
) -> Reply | None:
    """The reply to give this delivery of a message now, or None when there is nothing to say now.

    Without `deliver_late`, the first delivery produces the reply however long it takes and a
    retry waits up to `wait` seconds for it. With it (WeChat gives a callback five seconds), the
    first delivery waits `wait` seconds; when the reply is not ready by then it returns None and
    the reply goes to `deliver_late` as soon as it is. Exactly one of "answered directly" and
    "delivered late" happens to a message, decided by one claim; a retry of a directly answered
    message gets the same answer again, a retry of a late-delivered one gets None. `spawn` starts
    the background work (pass one that keeps a reference, so shutdown can wait for it).
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait
    while True:
        # Only what a reply was made from must be committed before the reply leaves (see Memory):
        # the claim and, on WeChat, the answer ride with the delivery's durable claim.
        first = await claim(memory, key, "", ttl=PENDING_TTL, durable=False)
        if first is None:
            remaining = max(deadline - loop.time(), 0)
            if deliver_late is None:
                return await _produce(memory, key, produce, durable=True)
            return await _answer_first(memory, key, produce, remaining, deliver_late, spawn)
        if first.value is not None:
            reply = Reply.from_json(json.loads(first.value))
            if deliver_late is None or await _settle_delivery(memory, key, DIRECT):
                return reply
            return None  # delivered late already (or about to be): say nothing twice
        if loop.time() >= deadline:
            return None
        await asyncio.sleep(POLL)


async def _answer_first(
    memory: Memory, key: str, produce: Produce, wait: float, deliver_late: Deliver, spawn: Spawn
) -> Reply | None:
    production = spawn(_produce(memory, key, produce, durable=False))
    handed_over: bool | None = None  # decided once the wait is over: True when the reply goes late
    late_started = False

    def hand_over(task: asyncio.Task[Reply]) -> None:
        """Start the late delivery once the reply is made and was handed over (no task before that)."""
        nonlocal late_started
        if handed_over is not True or not task.done() or late_started:
            return
        late_started = True
        if task.cancelled() or task.exception() is not None:
            return  # the claim is gone, so the platform's next retry produces it again
        spawn(_deliver_late(memory, key, task.result(), deliver_late))

    production.add_done_callback(hand_over)
    ready = False
    try:
        await asyncio.wait({production}, timeout=wait)
        ready = production.done() and not production.cancelled()
        if ready:
            reply = production.result()  # the bot's own error surfaces here, as on any request
            return reply if await _settle_delivery(memory, key, DIRECT) else None
        return None
    finally:
        handed_over = not ready  # also when this request is cancelled while waiting
        hand_over(production)  # made already (its callback found nothing decided): deliver now


async def _deliver_late(memory: Memory, key: str, reply: Reply, deliver: Deliver) -> None:
    if await _settle_delivery(memory, key, LATE):
        await deliver(reply)


async def _produce(memory: Memory, key: str, produce: Produce, *, durable: bool) -> Reply:
    try:
        reply = await produce()
    except BaseException:
        await forget(memory, key)
        raise
    await remember(memory, key, "", json.dumps(reply.to_json(), ensure_ascii=False), ttl=ANSWER_TTL, durable=durable)
    return reply


async def _settle_delivery(memory: Memory, key: str, how: str) -> bool:
    """Decide, once for all processes, how the reply reaches the citizen; True if it is `how`."""
    delivery = f"{key}:delivery"
    if await memory.claim(delivery, how, ttl=ANSWER_TTL):  # durable: it carries the answer's writes with it
        return True
    return await memory.get(delivery) == how
