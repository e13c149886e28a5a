"""Redis restarted during a load of messages and bookings: a Redis of the test's own (its append-only
file fsynced always, as a production Redis keeps it) is killed with SIGKILL while citizens book in the
mini-program and write to the official account, and started again a second later. Meanwhile every
client gets an answer it can read (a JSON error with a code, or a reply), none hangs; afterwards the
service answers again within seconds, every citizen holds exactly one booking (retried with its
Idempotency-Key), and the dispatcher sends each booking's confirmation once."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from dataclasses import replace

import aiohttp
import pytest

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
from .servers import RedisServer

pytestmark = pytest.mark.slow

CITIZENS = 24  # fewer than the 28 places of the day: every one of them gets a booking
MESSAGES = 3  # each citizen's messages to the official account


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
async def api(aiohttp_client, settings, clock, redis_server, wechat_platform: FakePlatform):  # noqa: F811
    async with open_database(settings.database_url, MODEL_MODULES):
        await load_catalog(catalog_file())
    settings = replace(settings, redis_url=redis_server.url, api_rate_per_ip=100_000, api_rate_per_citizen=100_000,
                       wechat_api_base=wechat_platform.url, wechat_appid=wechat_platform.app_id,
                       wechat_appsecret=wechat_platform.secret, wechat_mode="plain")
    return await aiohttp_client(create_app(settings, clock=clock))


async def test_redis_killed_and_restarted_under_load_loses_and_doubles_nothing(api, redis_server):
    tokens = [await open_session(api.app[redis_key], f"redis-fault-{n}") for n in range(CITIZENS)]
    base = str(api.make_url("")).rstrip("/")
    wechat_token = api.server.app[settings_key].wechat_token
    record = Record()
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
        async def citizen(n: int) -> tuple[str | None, list[str]]:
            await asyncio.sleep(n * 0.1)  # the load spreads over the fault
            said = [await say(http, base, wechat_token, f"oRedisFault{n:016d}", "你好", 7_000_000 + n * 10 + m,
                              record) for m in range(MESSAGES)]
            return await book(http, base, tokens[n], n, record), said

        load = [asyncio.create_task(citizen(n)) for n in range(CITIZENS)]
        await asyncio.sleep(0.8)
        redis_server.kill()
        await asyncio.sleep(1.0)
        restarted = time.monotonic()
        redis_server.start()
        results = await asyncio.gather(*load)
    recovery = record.recovered_after(restarted)
    print(f"\nredis restart: {dict(record.statuses)}; slowest answer {record.slowest:.2f} s; "
          f"answering again {recovery:.2f} s after the restart")

    assert not record.unclear, record.unclear
    assert record.failed_at, "the fault was not felt: no request failed"
    assert recovery < 10
    codes = [code for code, _ in results]
    assert None not in codes  # every citizen got their booking
    rows = await BookingRow.all().values_list("citizen", "code")
    assert len(rows) == CITIZENS and sorted(code for _, code in rows) == sorted(codes)  # none lost, none twice
    assert set(Counter(citizen for citizen, _ in rows).values()) == {1}
    confirmations = Counter(await Outbox.filter(kind="appointment_reminder").values_list("citizen", flat=True))
    assert confirmations == Counter(citizen for citizen, _ in rows)  # one reminder queued a booking
