"""Who is asking: the bearer token of a citizen's session (identity/sessions.py keeps them).

Every citizen API handler calls `citizen_of`; the mini-program login opens and closes sessions
through the names re-exported here.
"""

from __future__ import annotations

import json

from aiohttp import web

from identity import SESSION_TTL, citizen_of_session, close_session, open_session, session_key

from .keys import redis_key

__all__ = ["SESSION_TTL", "bearer_token", "citizen_of", "close_session", "open_session", "session_key",
           "unauthorized"]


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
    citizen = await citizen_of_session(request.app[redis_key], token)
    if not citizen:
        raise unauthorized("登录已过期，请重新进入小程序。")
    return citizen
