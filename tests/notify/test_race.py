"""Two dispatchers at once send each row once: in one process (two dispatchers racing for the same
batches), and as two worker processes running the real `notify.dispatch` task at the same moment
against one database (a SQLite file; PostgreSQL when YIMEN_TEST_POSTGRES_URL is set), sharing a real
Redis (YIMEN_TEST_REDIS_URL) for the rate limit. Official-account followers and mini-program users
both; the fake platform answers in 30 ms so that the sends overlap, and counts every one."""

from __future__ import annotations

import asyncio
import os
import sys
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from tortoise.backends.base.executor import EXECUTOR_CACHE

from catalog import ensure_catalog
from core.db import open_database
from core.redis import open_redis
from handlers.parts import MODEL_MODULES
from identity import citizen_for_mini_login, citizen_for_oa
from notify import Dispatcher, add_grants, dispatch_run, shipped_rules, subscribe
from notify.models import Outbox
from tests.appointments.test_race import drop_postgres, fresh_postgres, with_database
from tests.conftest import NOV_25_10AM
from tests.fakes.wechat_platform import (  # noqa: F401  (a fixture)
    APP_ID,
    MINI_APP_ID,
    MINI_SECRET,
    SECRET,
    FakePlatform,
    wechat_platform,
)
from wechat import WeChatClient

ROOT = Path(__file__).resolve().parents[2]
FOLLOWERS, APP_USERS = 24, 16
REDIS_URL = os.environ.get("YIMEN_TEST_REDIS_URL")


async def queue(followers: int = FOLLOWERS, app_users: int = APP_USERS) -> None:
    """One due reminder each: a life-cycle one to followers, an application notice to app users (with a grant)."""
    for n in range(followers):
        me = (await citizen_for_oa(f"o-race-{n:03d}")).id
        await subscribe(me, ["id_card"], now=NOV_25_10AM)
        await Outbox.create(kind="id_card_expiry", rule="id_card_expiry", period="2027-01-10", citizen=me,
                            payload={"item": "id_card_renewal", "date": "2027年1月10日", "days_left": "46"},
                            due_at=NOV_25_10AM, dedupe_key=f"id_card_expiry:{me}:2027-01-10", created_at=NOV_25_10AM)
    for n in range(app_users):
        me = (await citizen_for_mini_login(f"mini-race-{n:03d}", None)).id
        await add_grants(me, "MINI_PROGRESS", 1, now=NOV_25_10AM)
        await Outbox.create(kind="application_progress", citizen=me, due_at=NOV_25_10AM, created_at=NOV_25_10AM,
                            payload={"number": f"BJ2026112500{n:04d}", "item": "passport", "stage": "审核",
                                     "status": "in_progress", "promised_on": "2026-12-10"},
                            dedupe_key=f"application_progress:{n}")


def counted_once(platform: FakePlatform) -> None:
    oa = Counter(p["touser"] for p in platform.pushes)
    mini = Counter(p["touser"] for p in platform.mini_pushes)
    assert len(oa) == FOLLOWERS and set(oa.values()) == {1}
    assert len(mini) == APP_USERS and set(mini.values()) == {1}


@pytest.fixture
async def shared_redis() -> AsyncIterator[object]:
    async with open_redis(REDIS_URL) as redis:  # None: in-process (a real Redis when the tests have one)
        yield redis


async def test_two_dispatchers_racing_in_one_process_send_each_row_once(tmp_path, wechat_platform,  # noqa: F811
                                                                         shared_redis):
    wechat_platform.delay = 0.03
    async with open_database(f"sqlite://{tmp_path}/race.sqlite3", MODEL_MODULES):
        await queue()
        catalog = await ensure_catalog()
        async with aiohttp.ClientSession() as session:
            def dispatcher() -> Dispatcher:  # each its own clients, as in another worker
                def client(app_id: str, secret: str) -> WeChatClient:
                    return WeChatClient(session, shared_redis, base_url=wechat_platform.url, app_id=app_id,
                                        secret=secret, attempts=1)
                return Dispatcher(client(APP_ID, SECRET), shared_redis, shipped_rules(), catalog, rate=1000,
                                  mini=client(MINI_APP_ID, MINI_SECRET), concurrency=4, batch=6)

            first, second = await asyncio.gather(dispatch_run(dispatcher(), lambda: NOV_25_10AM),
                                                 dispatch_run(dispatcher(), lambda: NOV_25_10AM))
        assert first.sent + second.sent == FOLLOWERS + APP_USERS
        assert first.sent and second.sent  # both took part: the one that lost a claim went on to the next rows
        assert Counter(await Outbox.all().values_list("status", flat=True)) == {"sent": FOLLOWERS + APP_USERS}
    counted_once(wechat_platform)


async def worker(database_url: str, platform: FakePlatform) -> asyncio.subprocess.Process:
    extra = ["--redis", REDIS_URL] if REDIS_URL else []
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.notify.dispatch_worker", database_url, platform.url, NOV_25_10AM.isoformat(),
        "--batch", "6", "--go", *extra, cwd=ROOT,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)


@pytest.fixture(params=["sqlite", "postgres"])
async def database_url(request, tmp_path) -> AsyncIterator[str]:
    EXECUTOR_CACHE.clear()  # Tortoise caches statements per connection name, not per backend
    if request.param == "sqlite":
        yield f"sqlite://{tmp_path}/race.sqlite3"
        return
    base = os.environ.get("YIMEN_TEST_POSTGRES_URL")
    if not base:
        pytest.skip("YIMEN_TEST_POSTGRES_URL is not set; start PostgreSQL with: eval \"$(scripts/services.sh start)\"")
    name = await fresh_postgres(base)
    yield with_database(base, name)
    EXECUTOR_CACHE.clear()
    await drop_postgres(base, name)


@pytest.mark.skipif(not REDIS_URL, reason="set YIMEN_TEST_REDIS_URL (eval \"$(scripts/services.sh start)\")")
async def test_two_worker_processes_racing_send_each_row_once(database_url, wechat_platform):  # noqa: F811
    wechat_platform.delay = 0.03
    async with open_database(database_url, MODEL_MODULES):
        await ensure_catalog()
        await queue()
    workers = [await worker(database_url, wechat_platform) for _ in range(2)]
    for w in workers:  # both ready (database open, task declared), then both kick at once
        assert w.stdout is not None and (await w.stdout.readline()).strip() == b"ready"
    for w in workers:
        assert w.stdin is not None
        w.stdin.write(b"go\n")
        await w.stdin.drain()
    outputs = [await w.communicate() for w in workers]
    for w, (_, err) in zip(workers, outputs, strict=True):
        assert w.returncode == 0, err.decode()[-2000:]
    sent = [int(out.decode().split()[-1]) for out, _ in outputs]
    assert sum(sent) == FOLLOWERS + APP_USERS, sent
    async with open_database(database_url, MODEL_MODULES):
        assert Counter(await Outbox.all().values_list("status", flat=True)) == {"sent": FOLLOWERS + APP_USERS}
    counted_once(wechat_platform)
