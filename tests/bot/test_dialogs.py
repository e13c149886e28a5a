"""Both keepers of dialog state: one turn of a citizen at a time, a turn's state kept for the next
one, a failed turn keeps nothing, other citizens are not held up; in Redis (the in-process one, and a
real server when YIMEN_TEST_REDIS_URL is set) and in process memory (the embedded default)."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator

import fakeredis
import pytest
from redis.asyncio import Redis

from bot.dialog import STATE_TTL, Dialogs, LocalDialogs, RedisDialogs

REDIS_URL = os.environ.get("YIMEN_TEST_REDIS_URL")
KEEPERS = ["local", "fakeredis"] + (["redis"] if REDIS_URL else [])


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(params=KEEPERS)
async def dialogs(request) -> AsyncIterator[Dialogs]:
    if request.param == "local":
        yield LocalDialogs()
        return
    redis = Redis.from_url(REDIS_URL, decode_responses=True) if request.param == "redis" \
        else fakeredis.FakeAsyncRedis(decode_responses=True)
    if request.param == "redis":
        await redis.delete("dialog:test:a", "dialog:test:b", "lock:dialog:test:a", "lock:dialog:test:b")
    yield RedisDialogs(redis)
    await redis.aclose()


async def test_a_turn_keeps_its_state_for_the_next_and_a_failed_turn_keeps_nothing(dialogs):
    async with dialogs.turn("test", "a") as state:
        assert state.item is None
        state.item, state.options = "passport", ["1", "2"]
    with pytest.raises(RuntimeError):
        async with dialogs.turn("test", "a") as state:
            state.item = "id_card"
            raise RuntimeError("the skill failed")
    async with dialogs.turn("test", "a") as state:
        assert (state.item, state.options) == ("passport", ["1", "2"])
    async with dialogs.turn("test", "b") as state:
        assert state.item is None  # another citizen, another conversation


async def test_turns_of_one_citizen_run_one_at_a_time_each_after_the_last_and_others_do_not_wait(dialogs):
    inside, most, order = 0, 0, []

    async def turn(n: int, user: str = "a") -> None:
        nonlocal inside, most
        async with dialogs.turn("test", user) as state:
            inside += 1
            most = max(most, inside)
            order.append(state.retries)
            await asyncio.sleep(0.01)
            state.retries += 1
            inside -= 1

    await asyncio.gather(*(turn(n) for n in range(5)))
    assert most == 1 and sorted(order) == [0, 1, 2, 3, 4]  # each turn saw the one before it
    async with dialogs.turn("test", "a"):  # held by one turn, "b" still goes ahead at once
        await asyncio.wait_for(turn(0, "b"), timeout=5)


async def test_the_local_state_is_forgotten_after_half_an_hour_of_silence_and_the_oldest_go_first():
    clock = Clock()
    dialogs = LocalDialogs(size=2, clock=clock)
    for user in ("a", "b"):
        async with dialogs.turn("test", user) as state:
            state.item = "passport"
    clock.now += STATE_TTL - 1
    async with dialogs.turn("test", "a") as state:
        assert state.item == "passport"  # refreshed
    clock.now += 2
    async with dialogs.turn("test", "b") as state:
        assert state.item is None  # silent for longer than STATE_TTL
        state.item = "id_card"
    async with dialogs.turn("test", "c") as state:
        state.item = "social"  # a third citizen: the least recent ("a") goes
    async with dialogs.turn("test", "b") as state:
        assert state.item == "id_card"
    async with dialogs.turn("test", "a") as state:
        assert state.item is None
