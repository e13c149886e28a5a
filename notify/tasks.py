"""This folder's periodic jobs, for the project's taskiq broker (see appointments/tasks.py).

    scan_task(broker)      every day at 07:00 Asia/Shanghai: queue today's life-cycle reminders
    dispatch_task(broker)  every minute: send what is due (quiet hours, caps and consent decide), batch
                           after batch (at most RUN_BATCHES), YIMEN_DISPATCH_CONCURRENCY pushes at once

Both are idempotent: a doubled or redelivered run queues and sends nothing twice. The dispatch
job uses the app's Redis when the web process put it on the broker's state (embedded), else
opens REDIS_URL's; its platform client makes one attempt a call (retries are the outbox's, with
backoff, so a timed-out send is never repeated blindly).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Annotated, Any

import aiohttp
from redis.asyncio import Redis
from taskiq import AsyncBroker, AsyncTaskiqDecoratedTask, Context, TaskiqDepends

from catalog import read_loaded_catalog
from core.redis import open_redis
from core.settings import Settings
from wechat import WeChatClient

from .dispatch import Dispatcher, dispatch_run
from .rules import shipped_rules
from .scan import scan_due

SCAN_SCHEDULE = [{"cron": "0 7 * * *", "cron_offset": "Asia/Shanghai"}]
DISPATCH_SCHEDULE = [{"cron": "* * * * *"}]


def scan_task(broker: AsyncBroker) -> AsyncTaskiqDecoratedTask:
    """Declare `notify.scan`; it returns how many reminders it queued."""

    @broker.task(task_name="notify.scan", schedule=SCAN_SCHEDULE)
    async def scan(context: Annotated[Context, TaskiqDepends()]) -> int:
        report = await scan_due(shipped_rules().rules, now=context.state.clock.now())
        return report.total

    return scan


@contextlib.asynccontextmanager
async def _redis(state: Any) -> AsyncIterator[Redis]:
    shared = getattr(state, "redis", None)
    if shared is not None:
        yield shared
        return
    async with open_redis(state.settings.redis_url) as redis:
        yield redis


@contextlib.asynccontextmanager
async def open_dispatcher(settings: Settings, redis: Redis) -> AsyncIterator[Dispatcher]:
    """The official account's client and the mini-program's (its own AppID, so its own shared token)."""
    async with aiohttp.ClientSession() as session:
        client = WeChatClient(session, redis, base_url=settings.wechat_api_base, app_id=settings.wechat_appid,
                              secret=settings.wechat_appsecret, attempts=1)
        mini = WeChatClient(session, redis, base_url=settings.wechat_api_base, app_id=settings.mini_appid,
                            secret=settings.mini_appsecret, attempts=1)
        yield Dispatcher(client, redis, shipped_rules(), await read_loaded_catalog(), mini=mini,
                         concurrency=settings.dispatch_concurrency, batch=settings.dispatch_batch)


def dispatch_task(broker: AsyncBroker) -> AsyncTaskiqDecoratedTask:
    """Declare `notify.dispatch`; it returns how many messages it sent."""

    @broker.task(task_name="notify.dispatch", schedule=DISPATCH_SCHEDULE)
    async def dispatch(context: Annotated[Context, TaskiqDepends()]) -> int:
        state = context.state
        async with _redis(state) as redis, open_dispatcher(state.settings, redis) as dispatcher:
            report = await dispatch_run(dispatcher, state.clock.now)
        return report.sent

    return dispatch
