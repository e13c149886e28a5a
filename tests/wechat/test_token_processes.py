"""Four real Yimen processes sharing one real Redis cause exactly one token request.

Needs a Redis: CI sets YIMEN_TEST_REDIS_URL (e.g. redis://localhost:6379/15).
"""

from __future__ import annotations

import asyncio
import os
import secrets
import sys
import time
from pathlib import Path

import pytest
from redis.asyncio import Redis

from tests.fakes.wechat_platform import FakePlatform

REDIS_URL = os.environ.get("YIMEN_TEST_REDIS_URL")
SCRIPT = Path(__file__).with_name("token_process.py")

pytestmark = pytest.mark.skipif(not REDIS_URL, reason="set YIMEN_TEST_REDIS_URL=redis://HOST:PORT/DB to run "
                                "the four-process token test against a real Redis")


async def test_four_processes_on_one_redis_make_one_token_request(wechat_platform: FakePlatform):
    assert REDIS_URL is not None
    wechat_platform.app_id = f"wxtest{secrets.token_hex(6)}"  # keys of its own in the shared Redis
    wechat_platform.token_delay = 0.3
    start_at = time.time() + 2.0  # every process is up by then and asks at the same moment
    processes = [
        await asyncio.create_subprocess_exec(
            sys.executable, str(SCRIPT), REDIS_URL, wechat_platform.url, wechat_platform.app_id,
            wechat_platform.secret, str(start_at), stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        for _ in range(4)
    ]
    try:
        outputs = [await asyncio.wait_for(p.communicate(), timeout=30) for p in processes]
    finally:
        redis = Redis.from_url(REDIS_URL, decode_responses=True)
        keys = [k async for k in redis.scan_iter(f"wechat:access_token:{wechat_platform.app_id}*")]
        if keys:
            await redis.delete(*keys)
        await redis.aclose()

    assert [p.returncode for p in processes] == [0] * 4, [err.decode() for _, err in outputs]
    tokens = {out.decode().strip() for out, _ in outputs}
    assert tokens == {wechat_platform.current_token}
    assert len(wechat_platform.token_requests) == 1
