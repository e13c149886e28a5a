"""Who is asking: citizen sessions in Redis, behind an opaque bearer token.

The mini-program login (code2session) calls `open_session`; every citizen API handler calls
`citizen_of`. Redis keeps only the token's SHA-256 (session:<hex>) → citizen id, with an expiry,
so a leaked Redis dump holds no usable token.
"""

from __future__ import annotations

import hashlib
import json
import secrets

from aiohttp import web
from redis.asyncio import Redis

from .keys import redis_key

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


def unauthorized(message: str = "请先登录后再操作。") -> web.HTTPUnauthorized:
    body = json.dumps({"error": {"code": "unauthorized", "message": message}}, ensure_ascii=False)
    return web.HTTPUnauthorized(text=body, content_type="application/json",
                                headers={"WWW-Authenticate": 'Bearer realm="yimen"'})


def bearer_token(request: web.Request) -> str | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    token = token.strip()
    return token if scheme.lower() == "bearer" and 20 <= len(token) <= 200 else None


async def citizen_of(request: web.Request) -> str:
    """The signed-in citizen's id; 401 JSON error without a valid `Authorization: Bearer <token>`."""
    token = bearer_token(request)
    if token is None:
        raise unauthorized()
    citizen = await request.app[redis_key].get(session_key(token))
    if not citizen:
        raise unauthorized("登录已过期，请重新进入小程序。")
    return citizen
