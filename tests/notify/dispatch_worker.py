"""A dispatch worker of its own: the real `notify.dispatch` taskiq task, kicked once on the project's
broker against a database, at a given time. For the kill test (test_worker_kill.py) and the race of
two workers (test_race.py):

    python -m tests.notify.dispatch_worker DATABASE_URL PLATFORM_URL ISO_TIME [--redis URL] [--batch N] [--go]

--redis: the Redis the dispatcher shares with other workers (the rate limit, the 48-hour windows);
else in-process. --batch: rows claimed at a time. --go: wait for a line on stdin before kicking the
task (so that two workers start together). Prints "ready" when it is about to kick, then the number sent.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from datetime import datetime

from core.clock import FixedClock
from core.db import open_database
from core.jobs import declare_jobs, running_jobs
from core.redis import open_redis
from core.settings import Settings
from handlers.parts import MODEL_MODULES, TASKS
from tests.fakes.wechat_platform import APP_ID, MINI_APP_ID, MINI_SECRET, SECRET


async def main(database_url: str, platform_url: str, at: str, redis_url: str | None, batch: int, go: bool) -> None:
    settings = Settings(database_url=database_url, redis_url=None, wechat_api_base=platform_url, wechat_appid=APP_ID,
                        wechat_appsecret=SECRET, wechat_mini_appid=MINI_APP_ID, wechat_mini_appsecret=MINI_SECRET,
                        dispatch_batch=batch)
    async with contextlib.AsyncExitStack() as stack:
        await stack.enter_async_context(open_database(database_url, MODEL_MODULES))
        jobs = declare_jobs(settings, FixedClock(datetime.fromisoformat(at)), tasks=TASKS)
        if redis_url:  # the job engine stays this process' own; the dispatcher's Redis is the shared one
            jobs.broker.state.redis = await stack.enter_async_context(open_redis(redis_url))
        await stack.enter_async_context(running_jobs(jobs, receive=True, schedule=False))
        print("ready", flush=True)
        if go:
            await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
        kicked = await jobs.tasks["notify.dispatch"].kiq()
        result = await kicked.wait_result(timeout=300)
        print(result.return_value, flush=True)


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("database_url")
    p.add_argument("platform_url")
    p.add_argument("at")
    p.add_argument("--redis", default=None)
    p.add_argument("--batch", type=int, default=100)
    p.add_argument("--go", action="store_true")
    a = p.parse_args()
    asyncio.run(main(a.database_url, a.platform_url, a.at, a.redis, a.batch, a.go))
