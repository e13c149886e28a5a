"""The app factory: used by `main.py serve` and by every test."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from aiohttp import web

from appointments import booking_rules
from bot import build_assistant
from bot.questions import QuestionLog
from catalog import ensure_catalog
from core.clock import Clock, SystemClock
from core.db import open_database
from core.jobs import declare_jobs, running_jobs
from core.redis import open_redis
from core.remembered import DatabaseMemory, RedisMemory
from core.settings import Settings
from prechecks import PrecheckPool
from wechat import open_wechat

from . import (
    catalog_in_force,
    console,
    dept_events,
    health,
    metrics,
    miniapp,
    robot,
    staff_appointments,
    staff_notify,
    staff_prechecks,
    staff_progress,
)
from . import wechat as wechat_channel
from .headers import secure_headers
from .keys import (
    assistant_key,
    catalog_key,
    clock_key,
    jobs_key,
    memory_key,
    precheck_pool_key,
    redis_key,
    settings_key,
    wechat_key,
)
from .limits import RefusedHere, refusal_limit_middleware, refused_here_key
from .observe import echo_request_id, observe_middleware
from .parts import MODEL_MODULES, TASKS
from .problems import body_limit_middleware, problem_middleware

MAX_BODY = 1024 * 1024  # no channel sends more than this in one request; uploads have their own limit


async def database_ctx(app: web.Application) -> AsyncIterator[None]:
    async with open_database(app[settings_key].database_url, MODEL_MODULES):
        app[catalog_key] = await ensure_catalog()
        yield


async def redis_ctx(app: web.Application) -> AsyncIterator[None]:
    async with open_redis(app[settings_key].redis_url) as redis:
        app[redis_key] = redis
        # Embedded, the in-process Redis dies with the process: what must outlive a restart is in the database.
        memory = app[memory_key] = DatabaseMemory() if app[settings_key].redis_url is None else RedisMemory(redis)
        yield
        await memory.close()  # what the database's memory still has to write, before the database closes


async def assistant_ctx(app: web.Application) -> AsyncIterator[None]:
    settings = app[settings_key]  # embedded (one process): dialog state in this process, no Redis call
    questions = QuestionLog()  # the unanswered questions, written behind (bot/questions.py)
    app[assistant_key] = build_assistant(app[catalog_key], app[redis_key], booking_rules(settings.booking),
                                         local_dialogs=settings.redis_url is None, questions=questions,
                                         uploads_dir=settings.uploads_dir)
    yield
    await questions.close()


async def jobs_ctx(app: web.Application) -> AsyncIterator[None]:
    """Embedded (no REDIS_URL): this process runs the jobs and their schedule; else workers do."""
    jobs = declare_jobs(app[settings_key], app[clock_key], tasks=TASKS)
    embedded = app[settings_key].redis_url is None
    jobs.broker.state.redis = app[redis_key]  # the dispatch job reads the 48-hour windows the bot notes there
    async with running_jobs(jobs, receive=embedded, schedule=embedded):
        app[jobs_key] = jobs
        yield


async def wechat_ctx(app: web.Application) -> AsyncIterator[None]:
    async with open_wechat(app[settings_key], app[redis_key]) as client:
        app[wechat_key] = client
        yield


async def precheck_pool_ctx(app: web.Application) -> AsyncIterator[None]:
    """The pre-check processes: spawned when the first file comes (each loads its OCR engine once)."""
    pool = app[precheck_pool_key] = PrecheckPool(app[settings_key].precheck_workers)
    yield
    await asyncio.get_running_loop().run_in_executor(None, pool.close)


def create_app(settings: Settings, *, clock: Clock | None = None) -> web.Application:
    app = web.Application(
        middlewares=[observe_middleware, body_limit_middleware, problem_middleware, refusal_limit_middleware,
                     *miniapp.middlewares],
        client_max_size=MAX_BODY)
    app.on_response_prepare.append(secure_headers)
    app.on_response_prepare.append(echo_request_id)
    app[settings_key] = settings
    app[clock_key] = clock or SystemClock()
    if settings.redis_url is None:  # one process: it knows whom it refused (handlers/limits.py)
        app[refused_here_key] = RefusedHere()
    app.cleanup_ctx.extend([database_ctx, redis_ctx, jobs_ctx, assistant_ctx, catalog_in_force.catalog_version_ctx,
                            wechat_ctx, precheck_pool_ctx, wechat_channel.background_ctx])
    booking_rules(settings.booking)  # a bad YIMEN_BOOKING_* fails here, at start
    app.add_routes(health.routes + metrics.routes + wechat_channel.routes)
    app.add_routes(staff_appointments.routes + staff_progress.routes)
    app.add_routes(dept_events.routes + staff_notify.routes + staff_prechecks.routes)
    app.add_routes(miniapp.routes + robot.routes)
    console.setup_console(app)
    return app
