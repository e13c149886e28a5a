"""Per-citizen ordering across processes, on a real Redis of the test's own: two processes taking turns
in one citizen's dialog at once never interleave (every turn sees the one before it, one dialog state,
no update lost), and a turn whose lock was lost (expired, or gone with a Redis restart) while another
turn took it does not overwrite that newer turn's state; nothing fails."""

from __future__ import annotations

import asyncio
import sys

import pytest

from bot.dialog import RedisDialogs
from core.redis import open_redis

from .servers import ROOT, RedisServer

pytestmark = pytest.mark.slow

TURNS = 40


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


async def test_two_processes_take_one_citizens_turns_one_at_a_time(redis_server):
    processes = [await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.faults.dialog_turns", redis_server.url, "citizen-1", str(TURNS), cwd=ROOT,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE) for _ in range(2)]
    outputs = [await p.communicate() for p in processes]
    assert [p.returncode for p in processes] == [0, 0], [err.decode()[-2000:] for _, err in outputs]
    seen = [list(map(int, out.split())) for out, _ in outputs]
    assert all(s == sorted(s) and len(s) == TURNS for s in seen)  # each process' turns in order
    assert sorted(seen[0] + seen[1]) == list(range(2 * TURNS))  # each turn saw the last: no update lost
    async with open_redis(redis_server.url) as redis, RedisDialogs(redis).turn("fault", "citizen-1") as state:
        assert state.retries == 2 * TURNS


async def test_a_turn_that_lost_its_lock_keeps_the_newer_turns_state(redis_server):
    async with open_redis(redis_server.url) as one, open_redis(redis_server.url) as other:
        first, second = RedisDialogs(one), RedisDialogs(other)  # two processes' clients
        async with first.turn("fault", "citizen-2") as old:
            old.item = "passport"
            await one.delete("lock:dialog:fault:citizen-2")  # the lock is lost (expired, Redis restarted)
            async with second.turn("fault", "citizen-2") as new:  # another process goes ahead
                assert new.item is None
                new.item = "id_card_renewal"
        async with first.turn("fault", "citizen-2") as state:
            assert state.item == "id_card_renewal"  # the newer turn's state, not the stale one
        async with first.turn("fault", "citizen-3") as state:  # a lost lock nobody took: the turn is kept
            state.item = "passport"
            await one.delete("lock:dialog:fault:citizen-3")
        async with second.turn("fault", "citizen-3") as state:
            assert state.item == "passport"
