"""Rate limits for the API: per client address and per signed-in citizen, with the one per-address
mechanism of handlers/limits.py. Over the limit: 429 with Retry-After, the seconds until the window turns.
"""

from __future__ import annotations

from aiohttp import web
from aiohttp.typedefs import Handler

from identity import citizen_of_session

from ..citizens import bearer_token
from ..keys import clock_key, redis_key, settings_key
from ..limits import client_address, spend, too_many
from .errors import API_PREFIX


@web.middleware
async def rate_limit_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    if not request.path.startswith(API_PREFIX):
        return await handler(request)
    settings, redis = request.app[settings_key], request.app[redis_key]
    now = request.app[clock_key].now()
    wait = await spend(redis, f"ip:{client_address(request)}", settings.api_rate_per_ip, now)
    if wait is not None:
        raise too_many(wait, "请求太频繁了，请稍后再试。")
    token = bearer_token(request)
    citizen = await citizen_of_session(redis, token) if token else None
    if citizen:
        wait = await spend(redis, f"citizen:{citizen}", settings.api_rate_per_citizen, now)
        if wait is not None:
            raise too_many(wait, "您操作太频繁了，请稍后再试。")
    return await handler(request)
