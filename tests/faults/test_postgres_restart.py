"""PostgreSQL restarted during a load of messages and bookings: a cluster of the test's own (initdb) is
stopped with `pg_ctl -m immediate` (a crash: no checkpoint, the next start replays the WAL) while
citizens book in the mini-program and write to the official account, and started again a second
later. Meanwhile every client gets an answer it can read, none hangs; afterwards the service answers
again within seconds, every citizen holds exactly one booking, and each booking queued one reminder."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from dataclasses import replace

import aiohttp
import pytest
from tortoise.backends.base.executor import EXECUTOR_CACHE

from appointments.models import BookingRow
from catalog import load_catalog
from core.db import open_database
from handlers.app import create_app
from handlers.keys import redis_key, settings_key
from handlers.parts import MODEL_MODULES
from identity import open_session
from notify.models import Outbox
from tests.appointments.factories import catalog_file
from tests.fakes.wechat_platform import FakePlatform, wechat_platform  # noqa: F401  (a fixture)

from .load import Record, book, say
from .servers import PostgresServer

pytestmark = pytest.mark.slow

CITIZENS = 24
MESSAGES = 3


@pytest.fixture
def postgres_server():
    server = PostgresServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
async def api(aiohttp_client, settings, clock, postgres_server, wechat_platform: FakePlatform):  # noqa: F811
    EXECUTOR_CACHE.clear()  # SQLite's statements are cached per connection name (tests/appointments/test_race.py)
    url = f"{postgres_server.url}?minsize=1&maxsize=20"
    async with open_database(url, MODEL_MODULES):
        await load_catalog(catalog_file())
    settings = replace(settings, database_url=url, api_rate_per_ip=100_000, api_rate_per_citizen=100_000,
                       wechat_api_base=wechat_platform.url, wechat_appid=wechat_platform.app_id,
                       wechat_appsecret=wechat_platform.secret, wechat_mode="plain")
    yield await aiohttp_client(create_app(settings, clock=clock))
    EXECUTOR_CACHE.clear()


async def test_postgres_crashed_and_restarted_under_load_loses_and_doubles_nothing(api, postgres_server):
    tokens = [await open_session(api.app[redis_key], f"pg-fault-{n}") for n in range(CITIZENS)]
    base = str(api.make_url("")).rstrip("/")
    wechat_token = api.server.app[settings_key].wechat_token
    record = Record()
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
        async def citizen(n: int) -> tuple[str | None, list[str]]:
            await asyncio.sleep(n * 0.1)
            said = [await say(http, base, wechat_token, f"oPgFault{n:019d}", "你好", 8_000_000 + n * 10 + m,
                              record) for m in range(MESSAGES)]
            return await book(http, base, tokens[n], n, record), said

        load = [asyncio.create_task(citizen(n)) for n in range(CITIZENS)]
        await asyncio.sleep(0.8)
        await asyncio.to_thread(postgres_server.crash)
        await asyncio.sleep(1.0)
        restarted = time.monotonic()
        await asyncio.to_thread(postgres_server.start)
        results = await asyncio.gather(*load)
    recovery = record.recovered_after(restarted)
    print(f"\npostgres restart: {dict(record.statuses)}; slowest answer {record.slowest:.2f} s; "
          f"answering again {recovery:.2f} s after the restart")

    assert not record.unclear, record.unclear
    assert record.failed_at, "the fault was not felt: no request failed"
    assert recovery < 10
    codes = [code for code, _ in results]
    assert None not in codes
    rows = await BookingRow.all().values_list("citizen", "code")
    assert len(rows) == CITIZENS and sorted(code for _, code in rows) == sorted(codes)
    assert set(Counter(citizen for citizen, _ in rows).values()) == {1}
    reminders = Counter(await Outbox.filter(kind="appointment_reminder").values_list("citizen", flat=True))
    assert reminders == Counter(citizen for citizen, _ in rows)
