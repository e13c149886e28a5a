"""The access token, fetched by one process and shared by all through Redis.

Redis holds the token (expiring when the platform says it does) and a "fresh" marker that
expires a few minutes earlier. A process that finds the marker gone takes a short lock and
fetches a new token; the others keep using the old one meanwhile, or, if there is none yet,
wait for the lock holder to store it. After the platform rejects a token (40001/42001), one
forced refresh replaces it, unless another process has already done so.

Within a process, one renewal is in flight at a time (a shared task every caller awaits), so
only that one task ever waits for another process' lock, checking less and less often. A failed
fetch opens the breaker (breaker.py): for a while every caller fails at once instead of asking again.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Awaitable, Callable
from typing import TypedDict

from redis.asyncio import Redis
from redis.exceptions import WatchError

from .breaker import Breaker
from .errors import PlatformError, PlatformUnavailable

log = logging.getLogger(__name__)

EARLY_REFRESH = 240  # seconds before expiry that a new token is fetched (the platform rotates at 300)
SAFETY = 30  # seconds taken off the platform's expires_in for the time the answer travelled
LOCK_TTL = 30.0  # seconds: longer than a token fetch with its retries
FIRST_LOOK, LAST_LOOK = 0.05, 1.0  # seconds between looks at another process' renewal, doubling


class StableToken(TypedDict):
    access_token: str
    expires_in: int


FetchToken = Callable[[bool], Awaitable[StableToken]]  # force_refresh → the platform's answer


def as_text(value: str | bytes | None) -> str | None:
    """Redis values, whether or not the client decodes responses."""
    return value.decode() if isinstance(value, bytes) else value


class SharedToken:
    def __init__(self, redis: Redis, app_id: str, fetch: FetchToken, *, lock_ttl: float = LOCK_TTL,
                 breaker: Breaker | None = None) -> None:
        self._redis, self._fetch, self._lock_ttl = redis, fetch, lock_ttl
        self.breaker = breaker or Breaker()
        self._key = f"wechat:access_token:{app_id}"
        self._fresh_key = f"{self._key}:fresh"
        self._lock_key = f"{self._key}:lock"
        self._renewals: dict[str | None, asyncio.Task[str]] = {}  # rejected token (None: early) → the one renewal

    async def get(self) -> str:
        token, fresh = await self._read()
        if token and fresh:
            return token
        return await self._shared_renewal(rejected=None, usable=token)

    async def refresh(self, rejected: str) -> str:
        """A token the platform refused: replace it (once, whichever process gets there first)."""
        token, _ = await self._read()
        if token and token != rejected:
            return token
        return await self._shared_renewal(rejected=rejected, usable=None)

    async def _shared_renewal(self, *, rejected: str | None, usable: str | None) -> str:
        """The renewal in flight in this process, started if there is none; a usable token is not kept waiting."""
        renewal = self._renewals.get(rejected)
        if renewal is None:
            if usable is None:
                self.breaker.check("cgi-bin/stable_token")
            renewal = asyncio.create_task(self._renew(rejected=rejected, usable=usable))
            self._renewals[rejected] = renewal
            renewal.add_done_callback(lambda done: self._finished(rejected, done))
        elif usable:
            return usable
        return await asyncio.shield(renewal)  # a caller that gives up does not cancel the others' renewal

    def _finished(self, rejected: str | None, renewal: asyncio.Task[str]) -> None:
        if self._renewals.get(rejected) is renewal:
            del self._renewals[rejected]
        if not renewal.cancelled():
            renewal.exception()  # retrieved here too, when every caller has given up

    async def forget(self) -> None:
        await self._redis.delete(self._key, self._fresh_key)

    async def _read(self) -> tuple[str | None, bool]:
        async with self._redis.pipeline(transaction=False) as pipe:
            pipe.get(self._key)
            pipe.exists(self._fresh_key)
            token, fresh = await pipe.execute()
        return as_text(token), bool(fresh)

    async def _store(self, issued: StableToken) -> str:
        token, expires_in = issued["access_token"], int(issued["expires_in"])
        valid = max(expires_in - SAFETY, 1)
        fresh = max(expires_in - EARLY_REFRESH, expires_in // 2, 1)  # a short-lived token is not refetched at once
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.set(self._key, token, ex=valid)
            pipe.set(self._fresh_key, 1, ex=min(fresh, valid))
            await pipe.execute()
        return token

    async def _renew(self, *, rejected: str | None, usable: str | None) -> str:
        def acceptable(token: str | None, fresh: bool) -> bool:
            return bool(token) and (token != rejected if rejected else fresh)

        loop = asyncio.get_running_loop()
        deadline = loop.time() + self._lock_ttl + 5
        look = FIRST_LOOK
        while True:
            holder = secrets.token_hex(8)
            if await self._redis.set(self._lock_key, holder, nx=True, px=int(self._lock_ttl * 1000)):
                try:
                    token, fresh = await self._read()
                    if token and acceptable(token, fresh):  # replaced while we were deciding
                        return token
                    try:
                        issued = await self._fetch(rejected is not None)
                    except (PlatformError, PlatformUnavailable) as exc:
                        self.breaker.trip(str(exc))
                        if usable is None:
                            raise
                        log.warning("early token refresh failed, the current token still works: %s", exc)
                        return usable
                    self.breaker.close()
                    return await self._store(issued)
                finally:
                    await self._release(holder)
            if usable:  # another process is refreshing; the current token is still valid
                return usable
            await asyncio.sleep(look)
            look = min(look * 2, LAST_LOOK)
            token, fresh = await self._read()
            if token and acceptable(token, fresh):
                return token
            if loop.time() > deadline:
                raise PlatformUnavailable(
                    "cgi-bin/stable_token", "no token appeared while another process held the lock"
                )

    async def _release(self, holder: str) -> None:
        """Delete the lock only if it is still ours (it may have expired and been taken since)."""
        async with self._redis.pipeline(transaction=True) as pipe:
            try:
                await pipe.watch(self._lock_key)
                if as_text(await pipe.get(self._lock_key)) == holder:
                    pipe.multi()
                    pipe.delete(self._lock_key)
                    await pipe.execute()
            except WatchError:
                pass  # someone else took the lock after ours expired: theirs to release
