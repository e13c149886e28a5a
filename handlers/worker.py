"""`python main.py worker`: execute background jobs from the shared Redis until told to stop."""

from __future__ import annotations

import asyncio
import logging
import signal

from core.clock import SystemClock
from core.db import open_database
from core.jobs import declare_jobs, running_jobs
from core.settings import Settings

from .parts import MODEL_MODULES, TASKS

log = logging.getLogger(__name__)


async def run_worker(settings: Settings, *, scheduler: bool = False) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    async with open_database(settings.database_url, MODEL_MODULES):
        jobs = declare_jobs(settings, SystemClock(), tasks=TASKS)
        async with running_jobs(jobs, receive=True, schedule=scheduler):
            log.info("worker ready%s", " with the scheduler" if scheduler else "")
            await stop.wait()
    log.info("worker stopped")
