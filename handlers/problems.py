"""The one error shape of every JSON answer, {"error": {"code", "message"}}, and the one table
that turns domain errors into HTTP answers; everything else is logged and answered calmly."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from typing import Any

from aiohttp import web
from aiohttp.typedefs import Handler

from appointments import BookingRefused

log = logging.getLogger(__name__)

Problem = tuple[int, str, str]  # HTTP status, machine code, Chinese message

# A refusal's status follows its code; every other refusal is 422.
REFUSAL_STATUS = {
    "not_found": 404, "suspended": 403, "slot_full": 409, "already_booked": 409, "hall_closed": 409,
    "cutoff_passed": 409, "not_active": 409, "wrong_hall": 409, "not_today": 409, "too_early": 409,
    "missed": 409,
}


def refused(exc: BookingRefused) -> Problem:
    return REFUSAL_STATUS.get(exc.code, 422), exc.code, exc.reason


# Entries for a base class cover its whole family (looked up along __mro__).
PROBLEMS: dict[type[Exception], Callable[[Any], Problem]] = {
    BookingRefused: refused,
}

INTERNAL = (500, "internal", "系统开小差了，请稍后再试。")

STATUS_ERRORS: dict[int, type[web.HTTPException]] = {
    400: web.HTTPBadRequest, 401: web.HTTPUnauthorized, 403: web.HTTPForbidden, 404: web.HTTPNotFound,
    405: web.HTTPMethodNotAllowed, 409: web.HTTPConflict, 413: web.HTTPRequestEntityTooLarge,
    415: web.HTTPUnsupportedMediaType, 422: web.HTTPUnprocessableEntity, 429: web.HTTPTooManyRequests,
    500: web.HTTPInternalServerError, 502: web.HTTPBadGateway, 503: web.HTTPServiceUnavailable,
}


def problem_for(exc: Exception) -> Problem | None:
    wording = next((PROBLEMS[c] for c in type(exc).__mro__ if c in PROBLEMS), None)
    return wording(exc) if wording else None


def error_body(code: str, message: str) -> str:
    return json.dumps({"error": {"code": code, "message": message}}, ensure_ascii=False)


def problem_response(status: int, code: str, message: str) -> web.Response:
    return web.Response(status=status, text=error_body(code, message), content_type="application/json")


def api_error(status: int, code: str, message: str, headers: Mapping[str, str] | None = None) -> web.HTTPException:
    """An HTTP error with the JSON body; raise it from a handler."""
    error_type = STATUS_ERRORS.get(status, web.HTTPBadRequest if status < 500 else web.HTTPInternalServerError)
    if error_type is web.HTTPMethodNotAllowed:  # needs the method and what is allowed
        allowed = (headers or {}).get("Allow", "")
        return web.HTTPMethodNotAllowed("", allowed.split(",") if allowed else [], text=error_body(code, message),
                                        content_type="application/json")
    return error_type(text=error_body(code, message), content_type="application/json", headers=headers)


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
