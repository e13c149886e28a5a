"""Per-address limits, one mechanism for every door: fixed one-minute windows, one Redis counter each
(INCR, expiring with its window), shared by every web process.

- `client_address`: the peer, or — only when the peer is one of YIMEN_TRUSTED_PROXIES — the right-most
  address in X-Forwarded-For that is not a trusted proxy itself (what a client prepends is not believed).
- The mini-program API counts every request (handlers/miniapp/limits.py).
- /wechat and /robot count refusals only (`refusal_limit_middleware`): past YIMEN_REFUSALS_PER_IP refused
  requests a minute from one address, every request from it is 429 with Retry-After until the window turns.
  Embedded (no REDIS_URL: one process, and only it writes the in-process Redis), the process knows
  which addresses it refused this minute (`RefusedHere`), so an address it never refused costs no
  Redis call; with REDIS_URL another process may have counted, so the counter is always read.
"""

from __future__ import annotations

import ipaddress
from datetime import datetime

from aiohttp import web
from aiohttp.typedefs import Handler
from redis.asyncio import Redis

from .keys import clock_key, redis_key, settings_key
from .problems import api_error

WINDOW = 60  # seconds
REFUSAL_DOORS = ("/wechat", "/robot/")
REFUSED = frozenset({400, 401, 403, 404, 405, 411, 413, 415, 422})  # what a prober collects; not 409 or 429


def window_key(scope: str, now: datetime, window: int = WINDOW) -> tuple[str, int]:
    """The counter's key and the seconds until its window turns."""
    moment = int(now.timestamp())
    start = moment - moment % window
    return f"rate:{scope}:{start}", max(start + window - moment, 1)


async def spend(redis: Redis, scope: str, limit: int, now: datetime, window: int = WINDOW) -> int | None:
    """Count one request against `scope`; None when allowed, else the seconds to wait."""
    key, wait = window_key(scope, now, window)
    async with redis.pipeline(transaction=True) as pipe:
        pipe.incr(key)
        pipe.expire(key, window + 5)
        count, _ = await pipe.execute()
    return None if count <= limit else wait


async def spent(redis: Redis, scope: str, limit: int, now: datetime, window: int = WINDOW) -> int | None:
    """Like `spend`, without counting: None while `scope` is within its limit, else the seconds to wait."""
    key, wait = window_key(scope, now, window)
    count = await redis.get(key)
    return None if count is None or int(count) < limit else wait


def too_many(retry_after: int, message: str) -> web.HTTPException:
    return api_error(429, "rate_limited", message, {"Retry-After": str(retry_after)})


def trusted(address: str, request: web.Request) -> bool:
    proxies = request.app[settings_key].trusted_proxies
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in proxies)


def client_address(request: web.Request) -> str:
    """The address a per-address limit counts (see the module's docstring)."""
    peer = request.remote or "unknown"
    if not trusted(peer, request):
        return peer
    hops = [hop.strip() for hop in ",".join(request.headers.getall("X-Forwarded-For", [])).split(",")]
    for hop in reversed([h for h in hops if h]):
        if trusted(hop, request):
            continue
        try:
            return str(ipaddress.ip_address(hop))
        except ValueError:
            return peer  # a malformed hop: the chain cannot be followed further than the proxy
    return peer


class RefusedHere:
    """The scopes this process counted a refusal for, by window (the embedded default's one process)."""

    MAX_SCOPES = 10_000  # then it starts afresh, reading Redis for every scope until the window turns

    def __init__(self) -> None:
        self._windows: dict[str, str] = {}  # scope → the key of the window it was last refused in

    def counted(self, scope: str, now: datetime) -> bool:
        return self._windows.get(scope) == window_key(scope, now)[0]

    def add(self, scope: str, now: datetime) -> None:
        if len(self._windows) >= self.MAX_SCOPES:
            self._windows.clear()
        self._windows[scope] = window_key(scope, now)[0]


refused_here_key = web.AppKey("refused_here", RefusedHere)  # set by the app factory when embedded


@web.middleware
async def refusal_limit_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    if not request.path.startswith(REFUSAL_DOORS):
        return await handler(request)
    redis, limit = request.app[redis_key], request.app[settings_key].refusals_per_ip
    now = request.app[clock_key].now()
    scope = f"refusals:{client_address(request)}"
    here = request.app.get(refused_here_key)
    if here is None or here.counted(scope, now):
        wait = await spent(redis, scope, limit, now)
        if wait is not None:
            raise too_many(wait, "失败的请求太多了，请稍后再试。")
    try:
        response = await handler(request)
    except web.HTTPException as exc:
        if exc.status in REFUSED:
            await count_refusal(redis, here, scope, limit, now)
        raise
    if response.status in REFUSED:
        await count_refusal(redis, here, scope, limit, now)
    return response


async def count_refusal(redis: Redis, here: RefusedHere | None, scope: str, limit: int, now: datetime) -> None:
    if here is not None:
        here.add(scope, now)
    await spend(redis, scope, limit, now)
