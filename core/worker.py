"""`python main.py worker`: execute background jobs from the shared Redis until told to stop."""

from __future__ import annotations

import asyncio
import logging
import signal

from .clock import SystemClock
from .db import open_database
from .jobs import declare_jobs, running_jobs
from .settings import Settings

log = logging.getLogger(__name__)


async def run_worker(settings: Settings, *, scheduler: bool = False) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with open_database(settings.database_url):
        async with running_jobs(declare_jobs(settings, SystemClock()), receive=True, schedule=scheduler):
            log.info("worker ready%s", " with the scheduler" if scheduler else "")
            await stop.wait()
    log.info("worker stopped")
