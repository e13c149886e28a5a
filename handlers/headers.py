"""Security headers on every answer of every door, set in one on_response_prepare hook.

The answers are JSON, XML or plain text for programs, never a page to render: nothing may be
sniffed into HTML, framed, or sent on as a referrer, and a strict Content-Security-Policy forbids
every resource should a browser render one all the same.
"""

from __future__ import annotations

from aiohttp import web

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
}


async def secure_headers(request: web.Request, response: web.StreamResponse) -> None:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
