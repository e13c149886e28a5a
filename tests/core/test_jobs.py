"""Jobs run through taskiq: in-process by default, from a Redis stream with workers at scale."""

from __future__ import annotations

import asyncio
import os
from datetime import datetime

import pytest
from redis.asyncio import Redis

from appointments import BookingRules, book_slot, bookings_of
from catalog import SHIPPED_CATALOG, Catalog, read_catalog_file
from core.clock import SHANGHAI, FixedClock
from core.db import open_database
from core.jobs import declare_jobs, running_jobs
from core.settings import Settings
from handlers.parts import MODEL_MODULES, TASKS
from tests import backend

BOOKED_AT = datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI)
VISIT = datetime(2026, 11, 26, 9, 0, tzinfo=SHANGHAI)
LATER = datetime(2026, 11, 26, 12, 0, tzinfo=SHANGHAI)  # the visit is over: a no-show


@pytest.fixture
async def missed_visit(tmp_path):
    catalog = Catalog.from_file(read_catalog_file(SHIPPED_CATALOG))
    async with open_database(backend.database_url(tmp_path, "jobs"), MODEL_MODULES):
        await book_slot("c1", catalog.item("passport"), catalog.hall("zumiao"), VISIT, now=BOOKED_AT,
                        rules=BookingRules())
        yield


async def statuses() -> list[str]:
    return [b.status for b in await bookings_of("c1")]


async def test_embedded_jobs_run_in_process(missed_visit):
    jobs = declare_jobs(Settings(), FixedClock(LATER), tasks=TASKS)
    async with running_jobs(jobs, receive=True, schedule=False):
        result = await (await jobs.tasks["appointments.mark_no_shows"].kiq()).wait_result(timeout=5)
    assert result.return_value == 1
    assert await statuses() == ["no_show"]


@pytest.mark.skipif(not os.environ.get("YIMEN_TEST_REDIS_URL"), reason="needs a real Redis (YIMEN_TEST_REDIS_URL)")
async def test_a_job_queued_while_no_worker_runs_is_done_when_one_starts(missed_visit):
    url = os.environ["YIMEN_TEST_REDIS_URL"]
    redis = Redis.from_url(url)
    await redis.delete("yimen:jobs")
    settings = Settings(redis_url=url)
    web = declare_jobs(settings, FixedClock(LATER), tasks=TASKS)  # the web process only enqueues
    async with running_jobs(web, receive=False, schedule=False):
        await web.tasks["appointments.mark_no_shows"].kiq()
    await asyncio.sleep(0.2)
    assert await statuses() == ["booked"]  # nobody has run it yet, and nothing is lost
    worker = declare_jobs(settings, FixedClock(LATER), tasks=TASKS)
    async with running_jobs(worker, receive=True, schedule=False):
        for _ in range(100):
            if await statuses() == ["no_show"]:
                break
            await asyncio.sleep(0.05)
    assert await statuses() == ["no_show"]
    await redis.delete("yimen:jobs")
    await redis.aclose()
