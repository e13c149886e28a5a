"""The database: Tortoise ORM on SQLite by default, PostgreSQL at scale.

The caller names the models modules (handlers/parts.py lists every folder's); core knows none.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

from tortoise import Tortoise
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.backends.sqlite.client import SqliteClient

# SQLite under a rush: WAL lets readers run beside the writer; a writer waits up to busy_timeout ms
# for another process's write instead of failing with "database is locked". Tortoise serialises
# the transactions of one process itself.
SQLITE_PRAGMAS = {"journal_mode": "WAL", "busy_timeout": "10000", "synchronous": "NORMAL"}


def tortoise_url(database_url: str) -> str:
    if database_url.startswith("sqlite://") and database_url != "sqlite://:memory:":
        path, _, query = database_url.partition("?")
        given = {kv.split("=", 1)[0] for kv in query.split("&") if kv}
        extra = "&".join(f"{k}={v}" for k, v in SQLITE_PRAGMAS.items() if k not in given)
        return f"{path}?{'&'.join(x for x in (query, extra) if x)}"
    if database_url.startswith("postgresql://"):
        return "asyncpg://" + database_url.removeprefix("postgresql://")
    if database_url.startswith("postgres://"):
        return "asyncpg://" + database_url.removeprefix("postgres://")
    return database_url


@asynccontextmanager
async def open_database(database_url: str, models: Sequence[str]) -> AsyncIterator[None]:
    """Connect, create the missing tables of `models` (module names), and close on exit."""
    path = None
    if database_url.startswith("sqlite://") and database_url != "sqlite://:memory:":
        path = Path(database_url.removeprefix("sqlite://").partition("?")[0])
        path.parent.mkdir(parents=True, exist_ok=True)
    await Tortoise.init(
        db_url=tortoise_url(database_url),
        modules={"models": list(models)},
        timezone="Asia/Shanghai",
        _enable_global_fallback=True,  # handlers run in tasks other than the one that opened it
    )
    reader: sqlite3.Connection | None = None
    try:
        await Tortoise.generate_schemas(safe=True)
        if path is not None:
            reader = read_in_loop(Tortoise.get_connection("default"), path)
        yield
    finally:
        if reader is not None:
            reader.close()
        await Tortoise.close_connections()


def read_in_loop(client: BaseDBAsyncClient, path: Path) -> sqlite3.Connection | None:
    """SQLite: a SELECT made while the database's connection is idle runs at once on a read-only
    connection of the event loop's own thread, instead of a hop to aiosqlite's thread and back (two
    thread wake-ups a query; an indexed SELECT takes microseconds). Only when idle: Tortoise holds
    the connection's lock for every statement and for a whole transaction, so what is read is what
    the queued SELECT would have read at once; anything else (a write, a SELECT inside a transaction
    or behind one, an error, a busy database) takes the usual way. WAL mode lets the two
    connections read beside each other; `busy_timeout=0` never keeps the loop waiting."""
    lock = getattr(client, "_lock", None)
    if not isinstance(client, SqliteClient) or not isinstance(lock, asyncio.Lock):
        return None
    reader = sqlite3.connect(path, isolation_level=None)
    reader.row_factory = sqlite3.Row
    reader.execute("PRAGMA query_only=ON")
    reader.execute("PRAGMA busy_timeout=0")
    queued_query, queued_dict = client.execute_query, client.execute_query_dict

    def rows(query: str, values: list | None) -> list[sqlite3.Row] | None:
        """The rows, or None when the query must take the connection's queue."""
        if lock.locked() or query.lstrip()[:6].upper() != "SELECT":
            return None
        try:
            return reader.execute(query.replace("\x00", "'||CHAR(0)||'"), values or []).fetchall()
        except sqlite3.Error:  # the queued way runs it again and raises what Tortoise raises
            return None

    async def execute_query(query: str, values: list | None = None) -> tuple[int, Sequence[dict]]:
        read = rows(query, values)
        return (len(read), read) if read is not None else await queued_query(query, values)  # type: ignore[return-value]

    async def execute_query_dict(query: str, values: list | None = None) -> list[dict]:
        read = rows(query, values)
        return [dict(row) for row in read] if read is not None else await queued_dict(query, values)

    client.execute_query = execute_query  # type: ignore[method-assign]
    client.execute_query_dict = execute_query_dict  # type: ignore[method-assign]
    return reader


async def ping_database() -> None:
    """One round trip to the database (SELECT 1); raises what the driver raises when it is gone."""
    await Tortoise.get_connection("default").execute_query("SELECT 1")
