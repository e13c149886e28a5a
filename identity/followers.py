"""The citizen behind an official-account follower, joined to the mini-program by UnionID.

The platform tells a follower's UnionID only when asked (user/info); asking costs a call, so it
is asked at most once a day per follower and never waited on for long.
"""

from __future__ import annotations

import asyncio
import logging

from redis.asyncio import Redis

from core.privacy import mask_openid
from wechat import PlatformError, PlatformUnavailable, WeChatClient

from .citizens import Citizen, citizen_for_oa

log = logging.getLogger(__name__)

UNIONID_CHECKED_TTL = 24 * 3600  # ask the platform for a follower's UnionID at most once a day
UNIONID_LOOKUP_SECONDS = 1.0  # the answer must not wait on it for long


async def citizen_of_follower(client: WeChatClient, redis: Redis, openid: str) -> str:
    """The Yimen citizen behind an official-account openid, joined to the mini-program by UnionID."""
    known = await Citizen.get_or_none(oa_openid=openid)
    if known is not None and known.unionid:
        return known.id
    unionid = None
    if await redis.set(f"wechat:unionid-checked:{openid}", 1, nx=True, ex=UNIONID_CHECKED_TTL):
        try:
            async with asyncio.timeout(UNIONID_LOOKUP_SECONDS):
                unionid = await client.unionid_of(openid)
        except (PlatformError, PlatformUnavailable, TimeoutError) as exc:
            log.info("no UnionID for %s: %s", mask_openid(openid), exc)
    if known is not None and unionid is None:
        return known.id
    return (await citizen_for_oa(openid, unionid)).id
