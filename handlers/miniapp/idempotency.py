"""Idempotency-Key on POST: a retried request gets the stored response instead of a second effect.

The same key from the same citizen with the same body replays the first response (with
`Idempotent-Replayed: true`); the same key with a different body is refused with 422; while
the first is still running, a retry gets 409. Only successful (2xx) responses are stored, for a
day; a failed attempt frees the key so that a retry runs again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable

from aiohttp import web

from ..keys import memory_key
from ..once import claim, forget, remember
from ..validation import idempotency_key
from .errors import api_error

STORED_TTL = 24 * 3600
PENDING_TTL = 60  # a crashed attempt's claim expires


def fingerprint(request: web.Request, body: bytes) -> str:
    return hashlib.sha256(f"{request.method} {request.path}\n".encode() + body).hexdigest()


async def idempotent(
    request: web.Request, scope: str, produce: Callable[[], Awaitable[web.Response]]
) -> web.Response:
    """Run `produce` once per (scope, Idempotency-Key); without the header, just run it."""
    key = idempotency_key(request)
    if key is None:
        return await produce()
    memory = request.app[memory_key]
    slot = f"idem:{scope}:{hashlib.sha256(key.encode()).hexdigest()}"
    mark = fingerprint(request, await request.read())
    first = await claim(memory, slot, mark, ttl=PENDING_TTL)
    if first is None:
        try:
            response = await produce()
        except BaseException:
            await forget(memory, slot)
            raise
        if 200 <= response.status < 300:
            stored = {"status": response.status, "body": response.text or "", "content_type": response.content_type}
            await remember(memory, slot, mark, json.dumps(stored, ensure_ascii=False), ttl=STORED_TTL)
        else:
            await forget(memory, slot)
        return response
    if first.fingerprint != mark:
        raise api_error(422, "idempotency_key_reused", "这个 Idempotency-Key 已用于另一个请求，请换一个新的。")
    if first.value is None:
        raise api_error(409, "request_in_progress", "同一个请求正在处理中，请稍后再试。", {"Retry-After": "1"})
    stored = json.loads(first.value)
    return web.Response(status=stored["status"], text=stored["body"], content_type=stored["content_type"],
                        headers={"Idempotent-Replayed": "true"})
