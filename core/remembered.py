"""Remembered keys: what must be known once and kept for a while, across processes and restarts.

The doors keep short-lived promises here: a signed WeChat (timestamp, nonce) is good for one body,
a message is answered once, an Idempotency-Key runs its request once. Losing them reopens a
replay, so they never live only in process memory:

- with REDIS_URL, in that Redis (`RedisMemory`), shared by every process and kept by the server;
- without it (the embedded default), in the database's `remembered_keys` table (`DatabaseMemory`),
  so a restart of `make run` forgets nothing. The in-process Redis would vanish with the process.

Both answer the same four calls, with Redis' meaning: `claim` is SET NX EX (True when this caller
now holds the key), `put` is SET EX, `get` and `forget` (DEL). An expired key is as good as absent.
"""

from __future__ import annotations

import re
import time
from typing import Protocol

from redis.asyncio import Redis
from tortoise import fields
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model

PURGE_EVERY = 300  # seconds between sweeps of expired rows (a read ignores them meanwhile)


class Memory(Protocol):
    async def claim(self, key: str, value: str, *, ttl: int) -> bool: ...

    async def put(self, key: str, value: str, *, ttl: int) -> None: ...

    async def get(self, key: str) -> str | None: ...

    async def forget(self, key: str) -> None: ...


class RedisMemory:
    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    async def claim(self, key: str, value: str, *, ttl: int) -> bool:
        return bool(await self.redis.set(key, value, nx=True, ex=ttl))

    async def put(self, key: str, value: str, *, ttl: int) -> None:
        await self.redis.set(key, value, ex=ttl)

    async def get(self, key: str) -> str | None:
        value = await self.redis.get(key)
        return None if value is None else str(value)

    async def forget(self, key: str) -> None:
        await self.redis.delete(key)


class RememberedKey(Model):
    key = fields.CharField(max_length=512, primary_key=True)
    value = fields.TextField()
    expires_at = fields.FloatField(db_index=True)  # Unix seconds

    class Meta:
        table = "remembered_keys"


# One statement each, so that two processes (or two requests) never both claim a key: the INSERT
# wins only when no row is there or the row there has expired.
CLAIM = ("INSERT INTO remembered_keys (key, value, expires_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO UPDATE "
         "SET value = excluded.value, expires_at = excluded.expires_at WHERE remembered_keys.expires_at <= $4 "
         "RETURNING key")  # counted by its rows: drivers disagree on what an INSERT's row count is
PUT = ("INSERT INTO remembered_keys (key, value, expires_at) VALUES ($1, $2, $3) ON CONFLICT (key) DO UPDATE "
       "SET value = excluded.value, expires_at = excluded.expires_at")
GET = "SELECT value FROM remembered_keys WHERE key = $1 AND expires_at > $2"
FORGET = "DELETE FROM remembered_keys WHERE key = $1"
PURGE = "DELETE FROM remembered_keys WHERE expires_at <= $1"


class DatabaseMemory:
    """The `remembered_keys` table of the open database (SQLite or PostgreSQL)."""

    def __init__(self) -> None:
        self.next_purge = 0.0

    @staticmethod
    def _db() -> tuple[BaseDBAsyncClient, bool]:
        db = RememberedKey._meta.db
        return db, db.capabilities.dialect == "sqlite"

    async def _run(self, sql: str, *values: object) -> list[dict]:
        db, sqlite = self._db()
        return await db.execute_query_dict(re.sub(r"\$\d+", "?", sql) if sqlite else sql, list(values))

    async def claim(self, key: str, value: str, *, ttl: int) -> bool:
        now = time.time()
        await self._purge(now)
        return len(await self._run(CLAIM, key, value, now + ttl, now)) == 1

    async def put(self, key: str, value: str, *, ttl: int) -> None:
        now = time.time()
        await self._run(PUT, key, value, now + ttl)

    async def get(self, key: str) -> str | None:
        rows = await self._run(GET, key, time.time())
        return str(rows[0]["value"]) if rows else None

    async def forget(self, key: str) -> None:
        await self._run(FORGET, key)

    async def _purge(self, now: float) -> None:
        if now >= self.next_purge:
            self.next_purge = now + PURGE_EVERY
            await self._run(PURGE, now)
