"""Security headers on every answer of every door, set in one on_response_prepare hook.

The doors' answers are JSON, XML or plain text for programs, never a page to render: nothing may be
sniffed into HTML, framed, or sent on as a referrer, and a strict Content-Security-Policy forbids
every resource should a browser render one all the same. The staff console (/console) is pages:
its policy allows the console's own stylesheet, script and forms ('self') and nothing inline; its
pages are never cached, and behind TLS (YIMEN_CONSOLE_TLS) browsers are told to keep to HTTPS.
"""

from __future__ import annotations

from aiohttp import web

from .keys import settings_key

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
}
CONSOLE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
CONSOLE_HEADERS = SECURITY_HEADERS | {"Content-Security-Policy": CONSOLE_CSP, "Cache-Control": "no-store",
                                      "Cross-Origin-Opener-Policy": "same-origin"}


def is_console(path: str) -> bool:
    return path == "/console" or path.startswith("/console/")


async def secure_headers(request: web.Request, response: web.StreamResponse) -> None:
    console = is_console(request.path)
    for name, value in (CONSOLE_HEADERS if console else SECURITY_HEADERS).items():
        response.headers.setdefault(name, value)
    if console and request.app[settings_key].console_tls:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
    if console and request.path.startswith("/console/static/"):
        response.headers["Cache-Control"] = "public, max-age=3600"
