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
from identity import citizen_for_mini_login, citizen_for_oa
from notify import Dispatcher, shipped_rules
from tests import backend
from tests.fakes.wechat_platform import (  # noqa: F401  (a fixture)
    APP_ID,
    MINI_APP_ID,
    MINI_SECRET,
    SECRET,
    FakePlatform,
    wechat_platform,
)
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
        def client_of(app_id: str, secret: str) -> WeChatClient:
            return WeChatClient(session, redis, base_url=wechat_platform.url, app_id=app_id, secret=secret,
                                attempts=1, backoff=0, cool_down=0, timeout=aiohttp.ClientTimeout(total=0.3))

        yield Dispatcher(client_of(APP_ID, SECRET), redis, shipped_rules(), catalog, rate=1000,
                         mini=client_of(MINI_APP_ID, MINI_SECRET))


async def follower(openid: str) -> str:
    """A citizen who follows the official account; their Yimen id."""
    return (await citizen_for_oa(openid)).id


async def app_user(openid: str) -> str:
    """A citizen known only through the mini-program (logged in there, no follower); their Yimen id."""
    return (await citizen_for_mini_login(openid, None)).id
