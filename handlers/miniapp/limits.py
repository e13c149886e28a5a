"""Rate limits for the API: per client address and per signed-in citizen, fixed windows in Redis.

Each window is one Redis counter (INCR, expiring with its window), shared by every web process.
Over the limit: 429 with Retry-After, the seconds until the window turns.
"""

from __future__ import annotations

from datetime import datetime

from aiohttp import web
from aiohttp.typedefs import Handler
from redis.asyncio import Redis

from identity import citizen_of_session

from ..citizens import bearer_token
from ..keys import clock_key, redis_key, settings_key
from .errors import API_PREFIX, api_error

WINDOW = 60  # seconds


async def spend(redis: Redis, scope: str, limit: int, now: datetime, window: int = WINDOW) -> int | None:
    """Count one request against `scope`; None when allowed, else the seconds to wait."""
    moment = int(now.timestamp())
    start = moment - moment % window
    key = f"rate:{scope}:{start}"
    async with redis.pipeline(transaction=True) as pipe:
        pipe.incr(key)
        pipe.expire(key, window + 5)
        count, _ = await pipe.execute()
    if count <= limit:
        return None
    return max(start + window - moment, 1)


def too_many(retry_after: int, message: str) -> web.HTTPException:
    return api_error(429, "rate_limited", message, {"Retry-After": str(retry_after)})


@web.middleware
async def rate_limit_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    if not request.path.startswith(API_PREFIX):
        return await handler(request)
    settings, redis = request.app[settings_key], request.app[redis_key]
    now = request.app[clock_key].now()
    wait = await spend(redis, f"ip:{request.remote or 'unknown'}", settings.api_rate_per_ip, now)
    if wait is not None:
        raise too_many(wait, "请求太频繁了，请稍后再试。")
    token = bearer_token(request)
    citizen = await citizen_of_session(redis, token) if token else None
    if citizen:
        wait = await spend(redis, f"citizen:{citizen}", settings.api_rate_per_citizen, now)
        if wait is not None:
            raise too_many(wait, "您操作太频繁了，请稍后再试。")
    return await handler(request)
