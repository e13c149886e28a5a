"""GET /healthz: the process is alive and its catalog loaded. GET /readyz: its parts are reachable.

/readyz asks the database (SELECT 1), Redis (PING) and the job broker's Redis (PING) at once, each
within READY_TIMEOUT seconds: 200 {"database": "ok", "redis": "ok", "broker": "ok"}, or 503 with the
failed part named ("unreachable", "timeout"), never a hang. A load balancer takes a process that
answers 503 out of rotation until the part is back; /healthz stays 200 meanwhile (no restart).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable

from aiohttp import web
from redis.exceptions import RedisError
from tortoise.exceptions import BaseORMException

from core.db import ping_database
from core.jobs import ping_broker

from .keys import catalog_key, jobs_key, redis_key

READY_TIMEOUT = 1.0  # seconds each part has to answer
# what a driver raises when its server is gone: sockets, redis-py, Tortoise (asyncpg's errors are wrapped)
UNREACHABLE = (OSError, ConnectionError, RedisError, BaseORMException)


async def get_healthz(request: web.Request) -> web.Response:
    return web.json_response({"status": "ok", "items": len(request.app[catalog_key].items)})


async def probe(check: Awaitable[object]) -> str:
    try:
        async with asyncio.timeout(READY_TIMEOUT):
            await check
    except TimeoutError:
        return "timeout"
    except UNREACHABLE:
        return "unreachable"
    return "ok"


async def get_readyz(request: web.Request) -> web.Response:
    app = request.app
    database, redis, broker = await asyncio.gather(
        probe(ping_database()), probe(app[redis_key].ping()), probe(ping_broker(app[jobs_key])))
    parts = {"database": database, "redis": redis, "broker": broker}
    return web.json_response(parts, status=200 if all(v == "ok" for v in parts.values()) else 503)


routes = [web.get("/healthz", get_healthz), web.get("/readyz", get_readyz)]
