"""The citizen behind an official-account follower, joined to the mini-program by UnionID.

The reply to a message is made from what Yimen holds: `citizen_of_follower` reads (or creates)
the follower's citizen and never asks the platform; `Followers` keeps the citizens of recent
followers in process memory (an LRU, each entry good for FOLLOWER_TTL seconds), so a known
follower's message costs no database query. The TTL bounds how long another process' UnionID
join (which may move the openid to the mini-program's citizen) stays unseen here; a join in this
process updates the entry at once. The platform tells a follower's UnionID only
when asked (user/info); `UnionidJoins` asks after the reply, in the background, at most once a
day per follower: marked in Redis for every process, and remembered in this process so that a
known follower's message costs no Redis call for it (embedded, the in-process Redis is this process'
own, so the memory alone decides). While the platform is down the client's
breaker fails the lookups at once, and the follower is asked again on a later message.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable

from redis.asyncio import Redis

from core.privacy import mask_openid
from wechat import PlatformError, PlatformUnavailable, WeChatClient

from .citizens import Citizen, citizen_by_oa_openid, citizen_for_oa, new_follower_citizen

log = logging.getLogger(__name__)

UNIONID_CHECKED_TTL = 24 * 3600  # ask the platform for a follower's UnionID at most once a day
MAX_PENDING_JOINS = 200  # lookups in flight per process; more wait for the follower's next message
MAX_REMEMBERED = 100_000  # followers this process remembers as checked today (then it starts afresh)
MAX_FOLLOWERS = 50_000  # citizens of recent followers held in memory, the least recent dropped first
FOLLOWER_TTL = 300  # seconds a remembered follower's citizen is used before it is read again


async def citizen_of_follower(openid: str) -> Citizen:
    """The Yimen citizen behind an official-account openid, created on first sight; no platform call."""
    known = await citizen_by_oa_openid(openid)
    return known if known is not None else await new_follower_citizen(openid)


class Followers:
    """The citizens of recent followers, by openid, in this process' memory."""

    def __init__(self, *, size: int = MAX_FOLLOWERS, ttl: float = FOLLOWER_TTL,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._size, self._ttl, self._clock = size, ttl, clock
        self._known: OrderedDict[str, tuple[Citizen, float]] = OrderedDict()  # openid → (citizen, good until)

    async def citizen(self, openid: str) -> Citizen:
        """`citizen_of_follower`, from memory when this follower wrote lately."""
        entry = self._known.get(openid)
        if entry is not None and entry[1] > self._clock():
            self._known.move_to_end(openid)
            return entry[0]
        return self.remember(await citizen_of_follower(openid))

    def remember(self, citizen: Citizen) -> Citizen:
        openid = citizen.oa_openid
        if openid:
            self._known[openid] = (citizen, self._clock() + self._ttl)
            self._known.move_to_end(openid)
            if len(self._known) > self._size:
                self._known.popitem(last=False)
        return citizen


class UnionidJoins:
    """Background UnionID lookups for followers whose citizen has none yet."""

    def __init__(self, client: WeChatClient, redis: Redis, *, followers: Followers | None = None,
                 limit: int = MAX_PENDING_JOINS, clock: Callable[[], float] = time.monotonic,
                 shared: bool = True) -> None:
        self._client, self._redis, self._limit, self._clock = client, redis, limit, clock
        self._shared = shared  # False: this process' Redis is its own (in-process), so its memory says it all
        self._followers = followers
        self._checked: dict[str, float] = {}  # openid → when this process may ask again
        self.pending = 0

    def due(self, citizen: Citizen) -> bool:
        """True when this follower's UnionID should be asked for now (the caller then runs `join`)."""
        openid = citizen.oa_openid
        if citizen.unionid or not openid or self.pending >= self._limit or self._client.breaker.is_open:
            return False
        now = self._clock()
        if self._checked.get(openid, 0.0) > now:
            return False
        if len(self._checked) >= MAX_REMEMBERED:
            self._checked.clear()
        self._checked[openid] = now + UNIONID_CHECKED_TTL
        self.pending += 1
        return True

    async def join(self, openid: str) -> None:
        """Ask the platform once a day (for all processes) and join the citizen by the UnionID it tells."""
        try:
            mark = f"wechat:unionid-checked:{openid}"
            if self._shared and not await self._redis.set(mark, 1, nx=True, ex=UNIONID_CHECKED_TTL):
                return  # asked today already, by this process before a restart or by another
            try:
                unionid = await self._client.unionid_of(openid)
            except PlatformUnavailable as exc:  # not asked after all: ask again on a later message
                self._checked.pop(openid, None)
                if self._shared:
                    await self._redis.delete(mark)
                log.info("no UnionID for %s yet: %s", mask_openid(openid), exc)
                return
            except PlatformError as exc:
                log.info("no UnionID for %s: %s", mask_openid(openid), exc)
                return
            if unionid is not None:
                joined = await citizen_for_oa(openid, unionid)
                if self._followers is not None:
                    self._followers.remember(joined)
        finally:
            self.pending -= 1
