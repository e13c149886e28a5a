"""A web process killed with SIGKILL mid-request under `serve --workers 2`: the connections it held are
reset, the platform sends those messages again (same MsgId, body, timestamp and nonce) and the
surviving worker answers each once; the parent starts the killed worker again and both answer."""

from __future__ import annotations

import asyncio
import os
import signal
import time

import aiohttp
import pytest

from tests import backend
from tests.fakes.wechat_platform import FakePlatform, wechat_platform  # noqa: F401  (a fixture)

from .load import Record, say
from .servers import RedisServer, Serve, serve_environment

pytestmark = pytest.mark.slow

CITIZENS = 60
TOKEN = "yimenfaulttoken"


async def test_a_worker_killed_mid_request_is_replaced_and_the_retries_are_answered_once(
        tmp_path, wechat_platform: FakePlatform):  # noqa: F811
    redis = RedisServer(tmp_path)
    redis.start()
    env = serve_environment(DATABASE_URL=backend.database_url(tmp_path), REDIS_URL=redis.url,
                            WECHAT_API_BASE=wechat_platform.url, WECHAT_APPID=wechat_platform.app_id,
                            WECHAT_APPSECRET=wechat_platform.secret, WECHAT_MODE="plain", WECHAT_TOKEN=TOKEN,
                            YIMEN_UPLOADS_DIR=str(tmp_path / "up"))
    server = Serve(tmp_path, env, workers=2)
    try:
        await server.ready()
        first, _ = server.workers()
        record = Record()
        now = int(time.time())
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=30)) as http:
            async def citizen(n: int) -> list[str]:
                return [await say(http, server.url, TOKEN, f"oKill{n:021d}", text, 9_000_000 + n * 10 + m, record,
                                  at=now) for m, text in enumerate(("你好", "换身份证要带什么"))]

            load = [asyncio.create_task(citizen(n)) for n in range(CITIZENS)]
            while len(record.ok_at) < 20:
                await asyncio.sleep(0.01)
            os.kill(first, signal.SIGKILL)
            killed = time.monotonic()
            answers = await asyncio.gather(*load)
        recovery = record.recovered_after(killed)
        print(f"\nweb worker killed: {dict(record.statuses)}; slowest {record.slowest:.2f} s; "
              f"answering again {recovery:.2f} s after the kill")
        assert record.failed_at, "no request was cut by the kill"
        assert not record.unclear, record.unclear
        assert all(all(text.strip() for text in said) for said in answers)  # every message answered
        for n, said in enumerate(answers):  # once: a passive reply, or (late) customer-service messages
            sent = wechat_platform.texts_to(f"oKill{n:021d}")
            if "success" not in said:
                assert sent == [], (n, said, sent)
        await server.ready()
        for _ in range(100):  # the parent started the killed worker again
            if len(server.workers()) == 2 and first not in server.workers() and "starting it again" in server.log():
                break
            await asyncio.sleep(0.1)
        assert len(server.workers()) == 2 and first not in server.workers(), server.log()
        assert server.process.poll() is None
    finally:
        code = server.stop()
        redis.stop()
    assert code == 0, server.log()
