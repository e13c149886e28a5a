"""A dispatch worker of its own: the real `notify.dispatch` taskiq task, kicked once on the project's
broker against a SQLite file, at a given time. For the kill test (test_worker_kill.py):

    python -m tests.notify.dispatch_worker DATABASE_URL PLATFORM_URL ISO_TIME

Prints "ready" when the task is kicked, then the number sent.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import datetime

from core.clock import FixedClock
from core.db import open_database
from core.jobs import declare_jobs, running_jobs
from core.settings import Settings
from handlers.parts import MODEL_MODULES, TASKS
from tests.fakes.wechat_platform import APP_ID, SECRET


async def main(database_url: str, platform_url: str, at: str) -> None:
    settings = Settings(database_url=database_url, redis_url=None, wechat_api_base=platform_url, wechat_appid=APP_ID,
                        wechat_appsecret=SECRET)
    async with open_database(database_url, MODEL_MODULES):
        jobs = declare_jobs(settings, FixedClock(datetime.fromisoformat(at)), tasks=TASKS)
        async with running_jobs(jobs, receive=True, schedule=False):
            print("ready", flush=True)
            kicked = await jobs.tasks["notify.dispatch"].kiq()
            result = await kicked.wait_result(timeout=300)
            print(result.return_value, flush=True)


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:4]))
