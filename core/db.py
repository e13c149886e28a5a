"""The database: Tortoise ORM on SQLite by default, PostgreSQL at scale.

The caller names the models modules (handlers/parts.py lists every folder's); core knows none.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

from tortoise import Tortoise

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
    if database_url.startswith("sqlite://") and database_url != "sqlite://:memory:":
        Path(database_url.removeprefix("sqlite://").partition("?")[0]).parent.mkdir(parents=True, exist_ok=True)
    await Tortoise.init(
        db_url=tortoise_url(database_url),
        modules={"models": list(models)},
        timezone="Asia/Shanghai",
        _enable_global_fallback=True,  # handlers run in tasks other than the one that opened it
    )
    try:
        await Tortoise.generate_schemas(safe=True)
        yield
    finally:
        await Tortoise.close_connections()


async def ping_database() -> None:
    """One round trip to the database (SELECT 1); raises what the driver raises when it is gone."""
    await Tortoise.get_connection("default").execute_query("SELECT 1")
