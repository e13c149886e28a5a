"""The one error shape of every JSON answer, {"error": {"code", "message"}}, and the one table
that turns domain errors into HTTP answers; everything else is logged and answered calmly."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from typing import Any

from aiohttp import web
from aiohttp.typedefs import Handler

from appointments import (
    AlreadyBooked,
    BookingNotFound,
    BookingRefused,
    ChangedMeanwhile,
    CutoffPassed,
    HallClosed,
    ItemNotOffered,
    ItemWithdrawn,
    KeyReused,
    Missed,
    NotActive,
    NotASlot,
    NotToday,
    SlotFull,
    SlotPassed,
    Suspended,
    TooEarly,
    TooFar,
    TooLate,
    WrongHall,
)
from bot.refusals import refusal_text

log = logging.getLogger(__name__)

Problem = tuple[int, str, str]  # HTTP status, machine code, Chinese message

# Each refusal's HTTP status, looked up along __mro__; the base covers a refusal not listed yet.
REFUSAL_STATUS: dict[type[BookingRefused], int] = {
    BookingNotFound: 404,
    Suspended: 403,
    SlotFull: 409, AlreadyBooked: 409, HallClosed: 409, CutoffPassed: 409, NotActive: 409, ChangedMeanwhile: 409,
    WrongHall: 409, NotToday: 409, TooEarly: 409, Missed: 409,
    ItemNotOffered: 422, ItemWithdrawn: 422, NotASlot: 422, SlotPassed: 422, TooLate: 422, TooFar: 422,
    KeyReused: 422,
    BookingRefused: 422,
}


def refusal_status(exc: BookingRefused) -> int:
    return next(REFUSAL_STATUS[c] for c in type(exc).__mro__ if c in REFUSAL_STATUS)


def refused(exc: BookingRefused) -> Problem:
    return refusal_status(exc), exc.code, refusal_text(exc)


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
