"""Fixtures: a fresh SQLite database, in-process Redis, the fake platform, and a dispatcher on them."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import aiohttp
import pytest

from catalog import SHIPPED_CATALOG, Catalog, read_catalog_file
from core.db import open_database
from handlers.parts import MODEL_MODULES
from identity import citizen_for_oa
from notify import Dispatcher, shipped_rules
from tests import backend
from tests.fakes.wechat_platform import APP_ID, SECRET, FakePlatform, wechat_platform  # noqa: F401  (a fixture)
from wechat import WeChatClient


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return Catalog.from_file(read_catalog_file(SHIPPED_CATALOG))


@pytest.fixture
async def db(tmp_path) -> AsyncIterator[None]:
    async with open_database(backend.database_url(tmp_path, "notify"), MODEL_MODULES):
        yield


@pytest.fixture
async def redis():
    r = backend.redis_client()
    yield r
    await r.aclose()


@pytest.fixture
async def dispatcher(db, redis, catalog, wechat_platform: FakePlatform) -> AsyncIterator[Dispatcher]:
    # An app started beside this dispatcher (the `wechat` fixture) runs the embedded scheduler, which
    # kicks notify.dispatch at the start of every minute: a test that dispatches itself starts clear
    # of that moment, so the two do not race for the same rows.
    if (second := time.time() % 60) > 55:
        await asyncio.sleep(60.5 - second)
    async with aiohttp.ClientSession() as session:
        client = WeChatClient(session, redis, base_url=wechat_platform.url, app_id=APP_ID, secret=SECRET,
                              attempts=1, backoff=0, cool_down=0,
                              timeout=aiohttp.ClientTimeout(total=0.3))
        yield Dispatcher(client, redis, shipped_rules(), catalog, rate=1000)


async def follower(openid: str) -> str:
    """A citizen who follows the official account; their Yimen id."""
    return (await citizen_for_oa(openid)).id
