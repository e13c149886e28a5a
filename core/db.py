"""The database: Tortoise ORM on SQLite by default, PostgreSQL at scale."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from tortoise import Tortoise

# Every folder that owns tables lists its models module here.
MODEL_MODULES = [
    "catalog.models",
    "bot.models",
]


def tortoise_url(database_url: str) -> str:
    if database_url.startswith("postgresql://"):
        return "asyncpg://" + database_url.removeprefix("postgresql://")
    if database_url.startswith("postgres://"):
        return "asyncpg://" + database_url.removeprefix("postgres://")
    return database_url


@asynccontextmanager
async def open_database(database_url: str) -> AsyncIterator[None]:
    """Connect, create missing tables, and close on exit."""
    if database_url.startswith("sqlite://") and database_url != "sqlite://:memory:":
        Path(database_url.removeprefix("sqlite://")).parent.mkdir(parents=True, exist_ok=True)
    await Tortoise.init(
        db_url=tortoise_url(database_url),
        modules={"models": MODEL_MODULES},
        timezone="Asia/Shanghai",
        _enable_global_fallback=True,  # handlers run in tasks other than the one that opened it
    )
    try:
        await Tortoise.generate_schemas(safe=True)
        yield
    finally:
        await Tortoise.close_connections()
