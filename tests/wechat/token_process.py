"""One Yimen process asking for the access token: `python token_process.py REDIS_URL API_BASE APPID SECRET START_AT`.

Used by test_token_processes.py; waits until START_AT (epoch seconds) so that the processes race.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import aiohttp  # noqa: E402
from redis.asyncio import Redis  # noqa: E402

from wechat import WeChatClient  # noqa: E402


async def main(redis_url: str, api_base: str, app_id: str, secret: str, start_at: float) -> None:
    redis = Redis.from_url(redis_url, decode_responses=True)
    try:
        async with aiohttp.ClientSession() as session:
            client = WeChatClient(session, redis, base_url=api_base, app_id=app_id, secret=secret)
            await asyncio.sleep(max(start_at - time.time(), 0))
            print(await client.access_token(), flush=True)
    finally:
        await redis.aclose()


if __name__ == "__main__":
    redis_url, api_base, app_id, secret, start_at = sys.argv[1:6]
    asyncio.run(main(redis_url, api_base, app_id, secret, float(start_at)))
