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
    DayPassed,
    HallClosed,
    ItemNotOffered,
    ItemWithdrawn,
    KeyReused,
    Missed,
    NotActive,
    NotASlot,
    NotToday,
    SameTime,
    SlotFull,
    SlotPassed,
    Suspended,
    TooEarly,
    TooFar,
    TooLate,
    WrongHall,
)
from bot.progress import progress_refusal_text
from bot.refusals import refusal_text
from progress import (
    ApplicationClosed,
    ApplicationNotFound,
    BadTransition,
    ComplaintAnswered,
    ComplaintNotFound,
    EventIdReused,
    ProgressRefused,
    StageBackwards,
    TrailIsAppendOnly,
    UnknownHall,
    UnknownItem,
)
from progress import ChangedMeanwhile as ApplicationChangedMeanwhile

log = logging.getLogger(__name__)

Problem = tuple[int, str, str]  # HTTP status, machine code, Chinese message

# Each refusal's HTTP status, looked up along __mro__; the base covers a refusal not listed yet.
REFUSAL_STATUS: dict[type[BookingRefused], int] = {
    BookingNotFound: 404,
    Suspended: 403,
    SlotFull: 409, SameTime: 409, AlreadyBooked: 409,
    HallClosed: 409, CutoffPassed: 409, NotActive: 409, ChangedMeanwhile: 409,
    WrongHall: 409, NotToday: 409, TooEarly: 409, Missed: 409,
    ItemNotOffered: 422, ItemWithdrawn: 422, NotASlot: 422, SlotPassed: 422, DayPassed: 422, TooLate: 422, TooFar: 422,
    KeyReused: 422,
    BookingRefused: 422,
}


def refusal_status(exc: BookingRefused) -> int:
    return next(REFUSAL_STATUS[c] for c in type(exc).__mro__ if c in REFUSAL_STATUS)


def refused(exc: BookingRefused) -> Problem:
    return refusal_status(exc), exc.code, refusal_text(exc)


PROGRESS_STATUS: dict[type[ProgressRefused], int] = {
    ApplicationNotFound: 404, UnknownItem: 404, UnknownHall: 404, ComplaintNotFound: 404,
    StageBackwards: 409, ApplicationClosed: 409, ApplicationChangedMeanwhile: 409, ComplaintAnswered: 409,
    BadTransition: 422, EventIdReused: 422, TrailIsAppendOnly: 405,
    ProgressRefused: 422,
}


def progress_refused(exc: ProgressRefused) -> Problem:
    status = next(PROGRESS_STATUS[c] for c in type(exc).__mro__ if c in PROGRESS_STATUS)
    return status, exc.code, progress_refusal_text(exc)


# Entries for a base class cover its whole family (looked up along __mro__).
PROBLEMS: dict[type[Exception], Callable[[Any], Problem]] = {
    BookingRefused: refused,
    ProgressRefused: progress_refused,
}

INTERNAL = (500, "internal", "系统开小差了，请稍后再试。")

TOO_LARGE = (413, "too_large", "请求内容太大，请缩短后再试。")
UPLOAD_MAX = 10 * 1024 * 1024
# The routes that take a file, with their own limit instead of the app's client_max_size.
UPLOAD_LIMITS = {("POST", "/api/v1/prechecks"): UPLOAD_MAX}
UPLOAD_TOO_LARGE = (413, "file_too_large", "文件太大（超过10MB），未予处理。请压缩照片或只拍需要的那一页后重新上传。")


class ApiError(web.HTTPException):
    """Any 4xx/5xx with the JSON body. One class for every status: aiohttp's own classes take
    different arguments (405 its method list, 413 the sizes), so a table of them broke on 413."""

    def __init__(self, status: int, text: str, headers: Mapping[str, str] | None = None) -> None:
        self.status_code = status
        super().__init__(text=text, content_type="application/json", headers=headers)


def problem_for(exc: Exception) -> Problem | None:
    wording = next((PROBLEMS[c] for c in type(exc).__mro__ if c in PROBLEMS), None)
    return wording(exc) if wording else None


def error_body(code: str, message: str) -> str:
    return json.dumps({"error": {"code": code, "message": message}}, ensure_ascii=False)


def problem_response(status: int, code: str, message: str) -> web.Response:
    return web.Response(status=status, text=error_body(code, message), content_type="application/json")


def api_error(status: int, code: str, message: str, headers: Mapping[str, str] | None = None) -> web.HTTPException:
    """An HTTP error with the JSON body; raise it from a handler."""
    return ApiError(status, error_body(code, message), headers)


@web.middleware
async def body_limit_middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
    """A body over the app's client_max_size is 413 at every door, before any login is checked:
    at once when Content-Length says so, else when a handler's read runs past the limit. An upload
    route (UPLOAD_LIMITS) gets its own limit and its own reason."""
    upload = UPLOAD_LIMITS.get((request.method, request.path))
    if upload is not None:
        request = request.clone(client_max_size=upload)
    too_large = TOO_LARGE if upload is None else UPLOAD_TOO_LARGE
    declared = request.content_length
    if declared is not None and declared > request.client_max_size:
        return problem_response(*too_large)
    try:
        return await handler(request)
    except web.HTTPRequestEntityTooLarge:
        return problem_response(*too_large)


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
