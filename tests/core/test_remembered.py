"""The database-backed memory of the embedded default: one claim wins, an expired key is free again,
and it is the same memory after the database is closed and opened again (a restart)."""

from __future__ import annotations

import asyncio

from core.db import open_database
from core.remembered import DatabaseMemory, RememberedKey
from handlers.parts import MODEL_MODULES
from tests import backend


async def test_of_many_claims_at_once_exactly_one_wins_and_a_restart_keeps_it(tmp_path):
    url = backend.database_url(tmp_path)
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
    async with open_database(backend.database_url(tmp_path), MODEL_MODULES):
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


async def test_writes_behind_are_on_disk_once_a_durable_write_after_them_returns_and_after_close(tmp_path):
    async with open_database(backend.database_url(tmp_path), MODEL_MODULES):
        memory = DatabaseMemory()
        assert await memory.claim("wechat:nonce:1:1", "msg-1", ttl=60, durable=False)
        await memory.put("answer:1", "the answer", ttl=60, durable=False)
        assert not await memory.claim("wechat:nonce:1:1", "msg-2", ttl=60)  # decided in memory at once
        assert await memory.claim("answer:1:delivery", "direct", ttl=60)  # durable: the two above ride with it
        rows = dict(await RememberedKey.all().values_list("key", "value"))
        assert rows == {"wechat:nonce:1:1": "msg-1", "answer:1": "the answer", "answer:1:delivery": "direct"}
        await memory.put("answer:2", "queued", ttl=60, durable=False)
        await memory.close()
        assert await RememberedKey.get(key="answer:2").values_list("value", flat=True) == "queued"


async def test_a_key_from_before_a_restart_is_read_once_and_a_forgotten_one_is_gone_after_it(tmp_path):
    url = backend.database_url(tmp_path)
    async with open_database(url, MODEL_MODULES):
        memory = DatabaseMemory()
        await memory.put("idem:a", "kept", ttl=60)
        await memory.put("idem:b", "dropped", ttl=60)
    async with open_database(url, MODEL_MODULES):
        memory = DatabaseMemory()
        assert await memory.get("idem:a") == "kept"
        assert await memory.get("idem:never") is None
        await memory.forget("idem:b")
    async with open_database(url, MODEL_MODULES):
        memory = DatabaseMemory()
        assert await memory.get("idem:b") is None
        assert await memory.claim("idem:b", "again", ttl=60)
