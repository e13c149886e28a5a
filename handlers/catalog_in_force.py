"""The catalog a web process answers from, kept at the newest published version without a restart.

A publish (the console, catalog/versions.py) writes the version and the tables in one transaction, then:
- the publishing process adopts it at once (`adopt_published`), before it answers the staff member;
- it sets the Redis key `catalog:version` to the new number and a random tag ("7-3f9a01c2"). With
  REDIS_URL (`serve --workers N`), every web process reads that one key once a second (`follow_published`,
  beside the request path) and, when it changed, adopts the newest version in the database. A value left
  from an older database is read once and changes nothing. No message reads the database or Redis for it.
  Should the counter be missed (Redis down at that moment, or flushed), each process also asks the
  database for the newest number once a minute.

Adopting reads the tables, rebuilds the NLU in a thread only when the catalog's words changed (names,
aliases: `intents.catalog_words`; about 0.6 s), then swaps both in one step of the event loop: the next
message is answered from the new version, a message already being answered finishes on the old one.
Jobs read the tables each run (notify/tasks.py), so they need nothing.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from aiohttp import web
from redis.exceptions import RedisError
from tortoise.exceptions import BaseORMException

from catalog import in_force_number, read_loaded_catalog
from intents import build_nlu, catalog_words

from .keys import assistant_key, catalog_key, redis_key, settings_key

log = logging.getLogger(__name__)

VERSION_KEY = "catalog:version"
CHECK_EVERY = 1.0  # seconds between two reads of the counter, per process
ASK_DATABASE_EVERY = 60  # checks: one in this many asks the database instead of the counter


@dataclass
class VersionInForce:
    """The version this process answers from (0: the catalog as loaded, never published)."""

    number: int
    words: tuple[tuple[object, ...], ...]
    seen: str | None = None  # the value of VERSION_KEY last read
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


catalog_version_key = web.AppKey("catalog_version", VersionInForce)


async def adopt_published(app: web.Application) -> int:
    """Answer from the newest version in the database; its number."""
    state = app[catalog_version_key]
    async with state.lock:
        number = await in_force_number()
        if number == state.number:
            return number
        catalog = await read_loaded_catalog()
        words = catalog_words(catalog)
        nlu = await asyncio.to_thread(build_nlu, catalog) if words != state.words else None
        if nlu is not None:  # no await from here on: the swap is one step of the loop
            app[assistant_key].adopt(nlu)
        app[catalog_key].take(catalog)
        state.number, state.words = number, words
        log.info("catalog version %d in force%s", number, " (NLU rebuilt)" if nlu is not None else "")
        return number


async def announce_published(app: web.Application, number: int) -> None:
    """Tell the other processes (they read the counter within CHECK_EVERY; else the database in a minute)."""
    try:
        await app[redis_key].set(VERSION_KEY, f"{number}-{secrets.token_hex(4)}")
    except (RedisError, OSError) as exc:
        log.warning("catalog version %d not announced (the others find it within a minute): %s", number, exc)


async def check_published(app: web.Application) -> bool:
    """One look at the counter; True when it changed since the last look (and the newest version is in force)."""
    state = app[catalog_version_key]
    raw = await app[redis_key].get(VERSION_KEY)
    value = raw.decode() if isinstance(raw, bytes) else raw
    if value is None or value == state.seen:
        return False
    state.seen = value
    await adopt_published(app)
    return True


async def follow_published(app: web.Application, every: float = CHECK_EVERY) -> None:
    checks = 0
    while True:
        await asyncio.sleep(every)
        checks += 1
        try:
            if checks % ASK_DATABASE_EVERY == 0:
                await adopt_published(app)  # one SELECT when nothing is new
            else:
                await check_published(app)
        except (RedisError, OSError, BaseORMException, ValueError) as exc:  # next second, again
            log.warning("catalog version not checked: %s", exc)


async def catalog_version_ctx(app: web.Application) -> AsyncIterator[None]:
    """After the database and the assistant: the version loaded, and (with REDIS_URL) the follower."""
    state = app[catalog_version_key] = VersionInForce(await in_force_number(), catalog_words(app[catalog_key]))
    follower = None
    if app[settings_key].redis_url is not None:  # one embedded process publishes and adopts by itself
        try:
            seen = await app[redis_key].get(VERSION_KEY)  # what this process has, being just loaded
            state.seen = seen.decode() if isinstance(seen, bytes) else seen
        except (RedisError, OSError) as exc:
            log.warning("catalog version counter not read: %s", exc)
        follower = asyncio.create_task(follow_published(app), name="catalog-version")
    yield
    if follower is not None:
        follower.cancel()
        await asyncio.gather(follower, return_exceptions=True)
