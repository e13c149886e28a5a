"""The in-process Redis lets go of expired keys on its own: nothing reads a message's nonce again."""

from __future__ import annotations

import asyncio

from core import redis as core_redis


async def test_expired_keys_leave_the_in_process_server_without_being_read(monkeypatch):
    monkeypatch.setattr(core_redis, "SWEEP_SECONDS", 0.05)
    async with core_redis.open_redis(None) as redis:
        server = redis.connection_pool.connection_kwargs["server"]
        for n in range(200):
            await redis.set(f"nonce:{n}", "x" * 100, px=10)
        await redis.set("kept", "1")
        await asyncio.sleep(0.3)  # nothing touches the keys meanwhile
        assert set(server.dbs[0]._dict) == {b"kept"}  # the store itself, not a read that would expire them


async def test_a_real_redis_url_starts_no_sweeper(monkeypatch):
    started = []
    monkeypatch.setattr(core_redis, "sweep_expired", lambda *a: started.append(a) or asyncio.sleep(0))
    async with core_redis.open_redis("redis://127.0.0.1:1/0"):  # never connected: no command is sent
        pass
    assert started == []
