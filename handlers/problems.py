"""Domain errors become HTTP answers in one table; everything else is logged and answered calmly."""

from __future__ import annotations

import logging

from aiohttp import web
from aiohttp.typedefs import Handler

log = logging.getLogger(__name__)

# Entries for a base class cover its whole family (looked up along __mro__).
PROBLEMS: dict[type[Exception], tuple[int, str, str]] = {}

INTERNAL = (500, "internal", "系统开小差了，请稍后再试。")


def problem_for(exc: Exception) -> tuple[int, str, str] | None:
    return next((PROBLEMS[c] for c in type(exc).__mro__ if c in PROBLEMS), None)


def problem_response(status: int, code: str, message: str) -> web.Response:
    return web.json_response({"error": {"code": code, "message": message}}, status=status)


@web.middleware
async def problem_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except web.HTTPException:  # aiohttp's own 4xx/5xx: let them through
        raise
    except Exception as exc:  # the one broad catch in the web process
        known = problem_for(exc)
        if known is None:
            log.exception("unhandled error on %s %s", request.method, request.path)
            known = INTERNAL
        return problem_response(*known)
