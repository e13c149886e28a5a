"""The database-backed memory of the embedded default: one claim wins, an expired key is free again,
and it is the same memory after the database is closed and opened again (a restart)."""

from __future__ import annotations

import asyncio

from core.db import open_database
from core.remembered import DatabaseMemory, RememberedKey
from handlers.parts import MODEL_MODULES


async def test_of_many_claims_at_once_exactly_one_wins_and_a_restart_keeps_it(tmp_path):
    url = f"sqlite://{tmp_path}/t.sqlite3"
    async with open_database(url, MODEL_MODULES):
        memory = DatabaseMemory()
        won = await asyncio.gather(*(memory.claim("wechat:nonce:1:2", f"body-{n}", ttl=60) for n in range(50)))
        assert won.count(True) == 1
        winner = f"body-{won.index(True)}"
        assert await memory.get("wechat:nonce:1:2") == winner
    async with open_database(url, MODEL_MODULES):
        memory = DatabaseMemory()
        assert not await memory.claim("wechat:nonce:1:2", "another body", ttl=60)
        assert await memory.get("wechat:nonce:1:2") == winner


async def test_an_expired_key_is_absent_free_to_claim_and_swept(tmp_path):
    async with open_database(f"sqlite://{tmp_path}/t.sqlite3", MODEL_MODULES):
        memory = DatabaseMemory()
        await memory.put("answer:old", "stale", ttl=0)
        await memory.put("answer:live", "kept", ttl=60)
        assert await memory.get("answer:old") is None
        assert await memory.claim("answer:old", "fresh", ttl=60)
        assert await memory.get("answer:old") == "fresh"
        await memory.put("answer:gone", "x", ttl=0)
        memory.next_purge = 0  # the next claim sweeps
        await memory.claim("answer:other", "y", ttl=60)
        assert sorted(await RememberedKey.all().values_list("key", flat=True)) == [
            "answer:live", "answer:old", "answer:other"]
        await memory.forget("answer:live")
        assert await memory.get("answer:live") is None
