"""Remembered keys: what must be known once and kept for a while, across processes and restarts.

The doors keep short-lived promises here: a signed WeChat (timestamp, nonce) is good for one body,
a message is answered once, an Idempotency-Key runs its request once. Losing them reopens a
replay, so they never live only in process memory:

- with REDIS_URL, in that Redis (`RedisMemory`), shared by every process and kept by the server;
- without it (the embedded default), in the database's `remembered_keys` table (`DatabaseMemory`),
  so a restart of `make run` forgets nothing. The in-process Redis would vanish with the process.

Both answer the same four calls, with Redis' meaning: `claim` is SET NX EX (True when this caller
now holds the key), `put` is SET EX, `get` and `forget` (DEL). An expired key is as good as absent.
`close` commits what is still to be written (the database's memory writes behind, in batches).
"""

from __future__ import annotations

import asyncio
import logging
import re
import sqlite3
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Protocol

from redis.asyncio import Redis
from tortoise import fields
from tortoise.backends.base.client import BaseDBAsyncClient, TransactionalDBClient
from tortoise.backends.sqlite.client import SqliteClient
from tortoise.models import Model
from tortoise.transactions import in_transaction

log = logging.getLogger(__name__)

PURGE_EVERY = 300  # seconds between sweeps of expired rows (a read ignores them meanwhile)
WRITE_BEHIND = 0.5  # seconds a write made with durable=False waits for a durable one to ride with


class Memory(Protocol):
    """`durable=False`: the write may reach the store a moment later, with the next durable one (in
    order); a caller passes it for a write that no answer depends on until a durable write follows."""

    async def claim(self, key: str, value: str, *, ttl: int, durable: bool = True) -> bool: ...

    async def put(self, key: str, value: str, *, ttl: int, durable: bool = True) -> None: ...

    async def get(self, key: str) -> str | None: ...

    async def forget(self, key: str) -> None: ...

    async def close(self) -> None: ...


class RedisMemory:
    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    async def claim(self, key: str, value: str, *, ttl: int, durable: bool = True) -> bool:
        return bool(await self.redis.set(key, value, nx=True, ex=ttl))

    async def put(self, key: str, value: str, *, ttl: int, durable: bool = True) -> None:
        await self.redis.set(key, value, ex=ttl)

    async def get(self, key: str) -> str | None:
        value = await self.redis.get(key)
        return None if value is None else str(value)

    async def forget(self, key: str) -> None:
        await self.redis.delete(key)

    async def close(self) -> None:
        return None


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
GET = "SELECT value, expires_at FROM remembered_keys WHERE key = $1 AND expires_at > $2"
FORGET = "DELETE FROM remembered_keys WHERE key = $1"
KEYS = "SELECT key, expires_at FROM remembered_keys WHERE expires_at > $1"
PURGE = "DELETE FROM remembered_keys WHERE expires_at <= $1"


class DatabaseMemory:
    """The `remembered_keys` table of the open database, for the embedded default's one process.

    Without REDIS_URL there is one web process (`serve --workers` refuses more), so this process'
    memory is the authority on its keys: a claim is decided here, at once, with no query, and the
    table is written behind, for a restart. Reads cost no query either: the keys the table held at
    start (not their values) are loaded once, so a key neither here nor there is new for certain;
    only the value of a key from before the restart is read from the table, once.

    Writes wait in a queue; one writer takes all of it as one batch, one transaction (the last
    write of a key wins), while the next batch gathers behind it. A write made with `durable=True`
    (the default) returns once its batch is committed; one made with `durable=False` returns at
    once and is committed with the next batch, which, the queue being in order, is committed no
    later than any durable write made after it. So a caller that answers only after a durable write
    has everything it wrote before on disk: a crash loses no answer that was given. A write made
    with `durable=False` starts no batch of its own: it waits up to WRITE_BEHIND seconds for a
    durable write to ride with (a WeChat message's nonce, claim and answer all ride with its
    delivery claim: one transaction a message, fewer under load).

    On SQLite a batch is one call into the database's thread (BEGIN, the writes, COMMIT), under
    the connection's lock, instead of one hop a statement; other databases go through Tortoise.

    Values older than RECENT are dropped from memory (they are committed by then) and read from the
    table again if asked for; expired keys are swept from both every PURGE_EVERY seconds.
    """

    RECENT = 900  # seconds a value stays in memory after it was written

    def __init__(self, *, clock: Callable[[], float] = time.time) -> None:
        self.next_purge = 0.0
        self._clock = clock
        self._values: OrderedDict[str, tuple[str, float, float]] = OrderedDict()  # key → (value, expires, written)
        self._earlier: dict[str, float] | None = None  # keys in the table, not in _values → expires at
        self._loading: asyncio.Lock | None = None
        self._queue: dict[str, tuple[str, float] | None] = {}  # key → (value, expires), None: delete
        self._batch_done: asyncio.Future[None] | None = None  # resolved when the queued batch is committed
        self._writer: asyncio.Task[None] | None = None
        self._later: asyncio.TimerHandle | None = None  # starts the writer for writes made with durable=False

    @staticmethod
    def _db() -> tuple[BaseDBAsyncClient, bool]:
        db = RememberedKey._meta.db
        return db, db.capabilities.dialect == "sqlite"

    @classmethod
    def _sql(cls, sql: str) -> str:
        return re.sub(r"\$\d+", "?", sql) if cls._db()[1] else sql

    async def _run(self, sql: str, *values: object) -> list[dict]:
        return await self._db()[0].execute_query_dict(self._sql(sql), list(values))

    async def claim(self, key: str, value: str, *, ttl: int, durable: bool = True) -> bool:
        if await self.get(key) is not None:
            return False
        if self._still_held(key):
            return False  # another caller claimed it while this one read the table
        try:
            await self._write(key, value, ttl, durable)
        except Exception:
            # Not on disk, and the caller hears the failure and never releases it: an unclaimed key, so
            # that a retry after the database comes back runs again (not "in progress" for the claim's TTL).
            if self._values.get(key, (None,))[0] == value:
                self._values.pop(key, None)
            raise
        return True

    async def put(self, key: str, value: str, *, ttl: int, durable: bool = True) -> None:
        await self._write(key, value, ttl, durable)

    async def get(self, key: str) -> str | None:
        now = self._clock()
        held = self._values.get(key)
        if held is not None:
            return held[0] if held[1] > now else None
        earlier = await self._earlier_keys()
        if earlier.get(key, 0.0) <= now:
            return None
        rows = await self._run(GET, key, now)  # a key from before the restart: read once
        earlier.pop(key, None)
        if not rows or key in self._values:  # gone meanwhile, or written here while this read
            return await self.get(key) if key in self._values else None
        value = str(rows[0]["value"])
        self._values[key] = (value, float(rows[0]["expires_at"]), now)
        return value

    async def forget(self, key: str) -> None:
        self._values.pop(key, None)
        (await self._earlier_keys()).pop(key, None)
        self._queue[key] = None
        await self._flush(durable=True)

    async def close(self) -> None:
        """Commit what is queued (at shutdown, before the database closes)."""
        if self._later is not None:
            self._later.cancel()
            self._later = None
        while self._queue or (self._writer is not None and not self._writer.done()):
            if self._queue:
                await self._flush(durable=True)
            elif self._writer is not None:
                await asyncio.shield(self._writer)  # the batch being committed

    def _still_held(self, key: str) -> bool:
        held = self._values.get(key)
        return held is not None and held[1] > self._clock()

    async def _write(self, key: str, value: str, ttl: int, durable: bool) -> None:
        now = self._clock()
        self._values[key] = (value, now + ttl, now)
        self._values.move_to_end(key)
        self._queue[key] = (value, now + ttl)
        await self._flush(durable=durable)

    async def _earlier_keys(self) -> dict[str, float]:
        if self._earlier is None:
            self._loading = self._loading or asyncio.Lock()
            async with self._loading:
                if self._earlier is None:
                    rows = await self._run(KEYS, self._clock())
                    self._earlier = {str(r["key"]): float(r["expires_at"]) for r in rows}
        return self._earlier

    async def _flush(self, *, durable: bool) -> None:
        if not durable:
            if self._later is None:
                self._later = asyncio.get_running_loop().call_later(WRITE_BEHIND, self._start_writer)
            return
        if self._batch_done is None:
            self._batch_done = asyncio.get_running_loop().create_future()
        done = self._batch_done
        self._start_writer()
        await asyncio.shield(done)

    def _start_writer(self) -> None:
        if self._later is not None:
            self._later.cancel()
            self._later = None
        if self._queue and (self._writer is None or self._writer.done()):
            self._writer = asyncio.create_task(self._write_batches())

    async def _write_batches(self) -> None:
        while self._queue:
            batch, self._queue = self._queue, {}
            done, self._batch_done = self._batch_done, None
            try:
                await self._commit(batch)
            except Exception as exc:  # the callers waiting for this batch hear of it; the rest carries on
                log.exception("remembered keys: a batch of %d writes failed", len(batch))
                if done is not None and not done.done():
                    done.set_exception(exc)
                    done.exception()  # retrieved here: a non-durable writer may be the only one waiting
                continue
            if done is not None and not done.done():
                done.set_result(None)
        if self._batch_done is not None and not self._batch_done.done():  # nothing was queued for it
            self._batch_done.set_result(None)

    async def _commit(self, batch: dict[str, tuple[str, float] | None]) -> None:
        now = self._clock()
        puts: list[list[object]] = [[key, kept[0], kept[1]] for key, kept in batch.items() if kept is not None]
        gone: list[list[object]] = [[key] for key, kept in batch.items() if kept is None]
        purge = now >= self.next_purge
        if purge:
            self.next_purge = now + PURGE_EVERY
        db = RememberedKey._meta.db
        if isinstance(db, SqliteClient) and not isinstance(db, TransactionalDBClient):
            async with db.acquire_connection() as connection:  # the lock Tortoise's transactions hold too
                db.log.debug("remembered keys: one transaction of %d writes", len(batch))
                await connection._execute(_commit_sqlite, connection._conn, puts, gone, now if purge else None)
        else:
            await self._commit_tortoise(puts, gone, now if purge else None)
        if purge:
            self._sweep(now)

    async def _commit_tortoise(self, puts: list[list[object]], gone: list[list[object]], purge: float | None) -> None:
        async with in_transaction(RememberedKey._meta.default_connection) as db:
            if puts:
                await db.execute_many(self._sql(PUT), puts)
            if gone:
                await db.execute_many(self._sql(FORGET), gone)
            if purge is not None:
                await db.execute_query(self._sql(PURGE), [purge])

    def _sweep(self, now: float) -> None:
        """Drop expired keys, and values written long enough ago to be committed and read again if asked."""
        recent = now - self.RECENT
        for key in [k for k, (_, expires, written) in self._values.items()
                    if expires <= now or (written < recent and k not in self._queue)]:
            _, expires, _ = self._values.pop(key)
            if expires > now and self._earlier is not None:
                self._earlier[key] = expires
        if self._earlier is not None:
            for key in [k for k, expires in self._earlier.items() if expires <= now]:
                del self._earlier[key]


def _commit_sqlite(conn: sqlite3.Connection, puts: list[list[object]], gone: list[list[object]],
                   purge: float | None) -> None:
    """One batch in one transaction, run in aiosqlite's thread: a single hop from the event loop."""
    conn.execute("BEGIN")
    try:
        if puts:
            conn.executemany(_qmarks(PUT), puts)
        if gone:
            conn.executemany(_qmarks(FORGET), gone)
        if purge is not None:
            conn.execute(_qmarks(PURGE), [purge])
    except BaseException:
        conn.rollback()
        raise
    conn.commit()


def _qmarks(sql: str) -> str:
    return re.sub(r"\$\d+", "?", sql)
