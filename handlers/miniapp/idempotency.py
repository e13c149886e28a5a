"""Idempotency-Key on POST: a retried request gets the stored response instead of a second effect.

The same key from the same citizen with the same request (method, path and the body in canonical
JSON: key order and spacing do not count) replays the first response, with
`Idempotent-Replayed: true`; a replay creates nothing, so a first 201 is replayed as 200. The
same key with another request is refused with 422 `idempotency_key_reused`; while the first is
still running, a retry gets 409. Only successful (2xx) responses are stored, for a day; a failed
attempt frees the key so that a retry runs again. A success that cannot be stored (Redis gone
that moment) is still answered as it is: its effect is made, and a 500 would send the client into
retries that meet the pending claim (409) until it expires.

Logins (POST /api/v1/sessions) do not use this: their answer is a bearer token, which must never
be kept in plain text nor handed out again after a logout, and a wx.login code is single-use
anyway; a retried login calls wx.login for a new code (handlers/miniapp/login.py).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

from ..keys import memory_key
from ..once import claim, forget, remember
from ..validation import idempotency_key
from .errors import api_error

STORED_TTL = 24 * 3600
PENDING_TTL = 60  # a crashed attempt's claim expires
log = logging.getLogger(__name__)
KEY_REUSED = ("idempotency_key_reused", "这个 Idempotency-Key 已用于另一个请求，请换一个新的。")


def canonical(body: bytes) -> bytes:
    """The body as sorted, compact JSON; a body that is not JSON counts as its bytes."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return body
    try:
        return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    except RecursionError:
        return body


def fingerprint(request: web.Request, scope: str, body: bytes) -> str:
    return hashlib.sha256(f"{request.method} {request.path} {scope}\n".encode() + canonical(body)).hexdigest()


async def idempotent(
    request: web.Request, scope: str, produce: Callable[[], Awaitable[web.Response]], *, content: bytes | None = None
) -> web.Response:
    """Run `produce` once per (scope, Idempotency-Key); without the header, just run it.
    `scope` is the signed-in citizen: two citizens' keys never meet. `content` stands for the body when
    the bytes differ between retries of the same request (a multipart body's random boundary)."""
    key = idempotency_key(request)
    if key is None:
        return await produce()
    memory = request.app[memory_key]
    slot = f"idem:{scope}:{hashlib.sha256(key.encode()).hexdigest()}"
    mark = fingerprint(request, scope, await request.read() if content is None else content)
    first = await claim(memory, slot, mark, ttl=PENDING_TTL)
    if first is None:
        try:
            response = await produce()
        except BaseException:
            await forget(memory, slot)
            raise
        if 200 <= response.status < 300:
            stored = {"status": response.status, "body": response.text or "", "content_type": response.content_type}
            try:
                await remember(memory, slot, mark, json.dumps(stored, ensure_ascii=False), ttl=STORED_TTL)
            except Exception as exc:  # the claim stays pending (no second effect) and expires in PENDING_TTL
                log.warning("idempotent %s %s: its %d not stored (%s)", request.method, request.path,
                            response.status, type(exc).__name__)
        else:
            await forget(memory, slot)
        return response
    if first.fingerprint != mark:
        raise api_error(422, *KEY_REUSED)
    if first.value is None:
        raise api_error(409, "request_in_progress", "同一个请求正在处理中，请稍后再试。", {"Retry-After": "1"})
    stored = json.loads(first.value)
    return web.Response(status=200 if stored["status"] == 201 else stored["status"], text=stored["body"],
                        content_type=stored["content_type"], headers={"Idempotent-Replayed": "true"})
