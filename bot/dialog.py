"""Dialog state: what the conversation with one citizen is about, kept in Redis.

One JSON value per citizen, refreshed on every turn and forgotten after half an hour of
silence; one lock per citizen so that two messages sent at once are answered in order.
"""

from __future__ import annotations

import json
from contextlib import asynccontextmanager
from collections.abc import AsyncIterator
from dataclasses import asdict, dataclass, field

from redis.asyncio import Redis

STATE_TTL = 30 * 60  # seconds of silence after which the topic is forgotten
LOCK_TIMEOUT = 30  # a crashed turn frees its citizen after this many seconds


@dataclass
class DialogState:
    item: str | None = None  # the item under discussion
    situation: str | None = None  # the 办事情形 the citizen chose for that item
    aspect: str | None = None  # what they asked about it, kept while they choose
    told: str | None = None  # the item whose complete notice they have already been given
    awaiting: str | None = None  # "item" or "situation": the numbered choices on screen
    options: list[str] = field(default_factory=list)  # codes behind the numbers 1, 2, 3
    slots: dict[str, str] = field(default_factory=dict)  # a task's filled slots (booking…)

    def choose(self, number: int | None) -> str | None:
        if number is None or not 1 <= number <= len(self.options):
            return None
        return self.options[number - 1]

    def offer(self, awaiting: str, options: list[str]) -> None:
        self.awaiting, self.options = awaiting, options

    def settle(self) -> None:
        self.awaiting, self.options = None, []


def _key(channel: str, user: str) -> str:
    return f"dialog:{channel}:{user}"


async def load_state(redis: Redis, channel: str, user: str) -> DialogState:
    raw = await redis.get(_key(channel, user))
    if not raw:
        return DialogState()
    try:
        return DialogState(**json.loads(raw))
    except (TypeError, ValueError):  # a state written by an older version: start afresh
        return DialogState()


async def save_state(redis: Redis, channel: str, user: str, state: DialogState) -> None:
    await redis.set(_key(channel, user), json.dumps(asdict(state), ensure_ascii=False), ex=STATE_TTL)


@asynccontextmanager
async def citizen_turn(redis: Redis, channel: str, user: str) -> AsyncIterator[None]:
    """Serialise the turns of one citizen across tasks and processes."""
    async with redis.lock(f"lock:{_key(channel, user)}", timeout=LOCK_TIMEOUT, blocking_timeout=LOCK_TIMEOUT):
        yield
