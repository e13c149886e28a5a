"""Citizen sessions in Redis, behind an opaque bearer token.

The mini-program login (code2session) calls `open_session`; the handlers read the token
(handlers/citizens.py) and look it up under `session_key`. Redis keeps only the token's SHA-256
(session:<hex>) → citizen id, with an expiry, so a leaked Redis dump holds no usable token.
"""

from __future__ import annotations

import hashlib
import secrets

from redis.asyncio import Redis

SESSION_TTL = 7 * 24 * 3600


def session_key(token: str) -> str:
    return "session:" + hashlib.sha256(token.encode()).hexdigest()


async def open_session(redis: Redis, citizen_id: str, ttl: int = SESSION_TTL) -> str:
    """A new bearer token for the citizen, valid for `ttl` seconds."""
    if not citizen_id:
        raise ValueError("open_session: empty citizen id")
    token = secrets.token_urlsafe(32)
    await redis.set(session_key(token), citizen_id, ex=ttl)
    return token


async def close_session(redis: Redis, token: str) -> None:
    await redis.delete(session_key(token))


async def citizen_of_session(redis: Redis, token: str) -> str | None:
    """The citizen id behind a bearer token, or None when it is unknown or expired."""
    citizen = await redis.get(session_key(token))
    if isinstance(citizen, bytes):  # a client made without decode_responses=True
        citizen = citizen.decode()
    return citizen or None
