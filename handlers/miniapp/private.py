"""Answers that carry personal data are never stored by a browser, the WebView or a proxy:
`Cache-Control: no-store` on every answer of a signed-in operation, of the login (its token)
and of the staff API (citizens' bookings), errors included. The operation table says which
mini-program operations those are (`Operation.private`)."""

from __future__ import annotations

from aiohttp import web
from aiohttp.typedefs import Handler

from .operations import OPERATIONS

PRIVATE = frozenset((op.method, op.path) for op in OPERATIONS if op.private)
PRIVATE_PREFIXES = ("/api/staff/", "/api/dept/")


def is_private(request: web.Request) -> bool:
    if request.path.startswith(PRIVATE_PREFIXES):
        return True
    resource = request.match_info.route.resource
    return resource is not None and (request.method, resource.canonical) in PRIVATE


@web.middleware
async def no_store_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    if not is_private(request):
        return await handler(request)
    try:
        response = await handler(request)
    except web.HTTPException as exc:
        exc.headers["Cache-Control"] = "no-store"
        raise
    response.headers["Cache-Control"] = "no-store"
    return response
