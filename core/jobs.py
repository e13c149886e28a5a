"""Background jobs on taskiq: in-process by default, Redis streams and worker processes at scale.

Without REDIS_URL the web process runs everything itself: an InMemoryBroker executes what is
kicked, and the scheduler fires the periodic jobs. With REDIS_URL the web process only enqueues
onto a Redis stream (acknowledged delivery: a killed worker's message is redelivered), and
`python main.py worker` processes execute; one of them (`--scheduler`) fires the periodic jobs.
Every job is idempotent, so a redelivered or doubly scheduled run changes nothing twice.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from dataclasses import dataclass

from redis.asyncio import Redis
from redis.exceptions import ResponseError
from taskiq import AsyncBroker, AsyncTaskiqDecoratedTask, InMemoryBroker, TaskiqScheduler
from taskiq.api import run_receiver_task, run_scheduler_task
from taskiq.schedule_sources import LabelScheduleSource
from taskiq_redis import RedisStreamBroker

from .clock import Clock
from .settings import Settings

QUEUE = "yimen:jobs"
GROUP = "yimen-workers"

# A folder's task declarer: declares its task on the broker and returns it (appointments/tasks.py).
DeclareTask = Callable[[AsyncBroker], AsyncTaskiqDecoratedTask]


@dataclass(frozen=True)
class Jobs:
    broker: AsyncBroker
    tasks: Mapping[str, AsyncTaskiqDecoratedTask]  # by task name, e.g. "appointments.mark_no_shows"


def declare_jobs(settings: Settings, clock: Clock, *, tasks: Sequence[DeclareTask]) -> Jobs:
    """The broker for these settings with the given tasks declared on it (handlers/parts.py lists them)."""
    if settings.redis_url is None:
        broker: AsyncBroker = InMemoryBroker()
    else:
        broker = RedisStreamBroker(
            settings.redis_url, queue_name=QUEUE, consumer_group_name=GROUP,
            consumer_id="0", unacknowledged_lock_timeout=60,
        )
    broker.state.settings = settings
    broker.state.clock = clock
    declared = [declare(broker) for declare in tasks]
    return Jobs(broker=broker, tasks={task.task_name: task for task in declared})


SHUTDOWN_WAIT = 10.0  # seconds an in-process job may take to finish at shutdown


async def _forever(coroutine) -> None:
    with contextlib.suppress(asyncio.CancelledError):
        await coroutine


@contextlib.asynccontextmanager
async def running_jobs(jobs: Jobs, *, receive: bool, schedule: bool) -> AsyncIterator[Jobs]:
    """Start the broker and, as asked, a receiver and the scheduler; stop them on exit."""
    await jobs.broker.startup()
    background = []
    if receive and not isinstance(jobs.broker, InMemoryBroker):  # in memory, kicking is executing
        background.append(asyncio.create_task(_forever(run_receiver_task(jobs.broker))))
    if schedule:
        scheduler = TaskiqScheduler(jobs.broker, [LabelScheduleSource(jobs.broker)])
        background.append(asyncio.create_task(_forever(run_scheduler_task(scheduler))))
    try:
        yield jobs
    finally:
        for task in background:
            task.cancel()
        await asyncio.gather(*background, return_exceptions=True)
        if isinstance(jobs.broker, InMemoryBroker):  # a job the scheduler kicked finishes before the database closes
            with contextlib.suppress(Exception):
                await asyncio.wait_for(jobs.broker.wait_all(), timeout=SHUTDOWN_WAIT)
        await jobs.broker.shutdown()


async def ping_broker(jobs: Jobs) -> None:
    """The broker's own Redis answers (in memory: nothing to reach)."""
    if isinstance(jobs.broker, RedisStreamBroker):
        async with Redis(connection_pool=jobs.broker.connection_pool) as redis:
            await redis.ping()


async def queue_depth(jobs: Jobs) -> tuple[int, int] | None:
    """(waiting, in progress) of the job stream: entries no worker has read yet (the group's lag) and
    entries read but not acknowledged. None in memory, where kicking is executing."""
    if not isinstance(jobs.broker, RedisStreamBroker):
        return None
    async with Redis(connection_pool=jobs.broker.connection_pool) as redis:
        try:
            groups = await redis.xinfo_groups(QUEUE)
        except ResponseError:  # no stream yet: nothing was ever queued
            return 0, 0
    for group in groups:
        fields = {(k.decode() if isinstance(k, bytes) else k): v for k, v in group.items()}
        name = fields.get("name")
        if (name.decode() if isinstance(name, bytes) else name) == GROUP:
            return int(fields.get("lag") or 0), int(fields.get("pending") or 0)
    return 0, 0
