"""The staff's appointment API under /api/staff/v1 (hall console, check-in scanner, caller).

Auth: `Authorization: Bearer <token>`: a staff account's own API token (`python main.py staff token
NAME`; the database keeps its SHA-256), or the shared YIMEN_STAFF_TOKEN (kept in the environment,
compared in constant time; empty: no shared token). Without either the staff API answers 401. Booking refusals
answer as in the citizen API (handlers/problems.py), and bookings in the same JSON.

    GET  /api/staff/v1/halls/{hall}/days/{date}               the day's plan and bookings
    PUT  /api/staff/v1/halls/{hall}/days/{date}/exception     {closed, extra_places, note}
    POST /api/staff/v1/checkins {code, hall?}                 check-in → queue number
    POST /api/staff/v1/halls/{hall}/queues/{group}/next       {window?} → the called ticket or null
    POST /api/staff/v1/appointments/{code}/served             the visit is done
    POST /api/staff/v1/appointments {citizen, item, hall, start}   book on a citizen's behalf
    POST /api/staff/v1/no-shows                               record no-shows now (the job does it too)
"""

from __future__ import annotations

import hmac
from datetime import date
from typing import Annotated, Any

from aiohttp import web
from pydantic import Field

from appointments import (
    Booking,
    Ticket,
    book_slot,
    call_next,
    check_in,
    day_plan,
    hall_day,
    mark_no_shows,
    mark_served,
    set_day_exception,
)
from catalog import Catalog, Hall
from core.privacy import mask_citizen_id
from identity import Staff, staff_of_api_token

from .citizens import bearer_token
from .keys import catalog_key, clock_key, settings_key
from .miniapp.appointments import BookingForm, hall_of, item_of, path_code, rules_of
from .miniapp.models import AppointmentOut, AppointmentWithQueue
from .problems import api_error
from .validation import EARLIEST, LATEST, Strict, idempotency_key, read_json


class ExceptionForm(Strict):
    closed: bool | None = None  # true: closed that day; false: open with weekday hours; null: as usual
    extra_places: Annotated[int, Field(ge=0, le=200)] = 0  # added to every slot's places that day
    note: Annotated[str, Field(max_length=200)] = ""


class CheckInForm(Strict):
    code: Annotated[str, Field(min_length=4, max_length=64)]  # the booking code or the QR content
    hall: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{1,63}$")] | None = None


class CallForm(Strict):
    window: Annotated[str, Field(min_length=1, max_length=16)] | None = None


class StaffBookingForm(BookingForm):
    citizen: Annotated[str, Field(min_length=1, max_length=128, pattern=r"^[\x21-\x7e]+$")]


staff_account_key = web.RequestKey("staff_account", Staff)  # the account behind a per-account token


async def require_staff(request: web.Request) -> None:
    """The shared YIMEN_STAFF_TOKEN, or a staff account's own API token (`python main.py staff token NAME`)."""
    expected = request.app[settings_key].staff_token
    given = bearer_token(request) or ""
    if expected and hmac.compare_digest(given.encode(), expected.encode()):
        return
    staff = await staff_of_api_token(given) if given.startswith("ym_") else None
    if staff is None:
        raise api_error(401, "unauthorized", "需要工作人员登录。")
    request[staff_account_key] = staff


def path_day(request: web.Request) -> date:
    try:
        day = date.fromisoformat(request.match_info["date"])
    except ValueError:
        raise api_error(422, "invalid_input", "日期应为 YYYY-MM-DD 格式。") from None
    if not EARLIEST <= day <= LATEST:
        raise api_error(422, "invalid_input", "日期超出了可以办理的范围，请核对后再试。")
    return day


def booking_json(booking: Booking, catalog: Catalog) -> dict[str, Any]:
    return AppointmentOut.of(booking, catalog).model_dump(mode="json")


def ticket_json(ticket: Ticket, catalog: Catalog) -> dict[str, Any]:
    return AppointmentWithQueue.of_ticket(ticket, catalog).model_dump(mode="json")


def hall_in_path(request: web.Request) -> Hall:
    return hall_of(request.app[catalog_key], request.match_info["hall"])


async def get_hall_day(request: web.Request) -> web.Response:
    await require_staff(request)
    hall, day = hall_in_path(request), path_day(request)
    plan = await day_plan(hall, day, rules_of(request))
    catalog = request.app[catalog_key]
    return web.json_response({
        "hall": hall.code, "date": day.isoformat(), "open": plan.open, "closed_reason": plan.closed_reason,
        "places_per_slot": plan.capacity, "slots": [s.start.isoformat() for s in plan.slots],
        "appointments": [booking_json(b, catalog) | {"citizen": mask_citizen_id(b.citizen)}
                         for b in await hall_day(hall.code, day)]})


async def put_day_exception(request: web.Request) -> web.Response:
    await require_staff(request)
    hall, day = hall_in_path(request), path_day(request)
    form = await read_json(request, ExceptionForm)
    now = request.app[clock_key].now()
    if day < now.date():
        raise api_error(422, "invalid_input", "不能修改已经过去的日子。")
    change = await set_day_exception(hall, day, closed=form.closed, extra_places=form.extra_places,
                                     note=form.note, now=now, rules=rules_of(request))
    return web.json_response({
        "hall": hall.code, "date": day.isoformat(), "open": change.plan.open,
        "closed_reason": change.plan.closed_reason, "places_per_slot": change.plan.capacity,
        "cancelled": [b.code for b in change.cancelled]})


async def post_check_in(request: web.Request) -> web.Response:
    await require_staff(request)
    form = await read_json(request, CheckInForm)
    ticket = await check_in(form.code, hall=form.hall, now=request.app[clock_key].now(), rules=rules_of(request))
    return web.json_response(ticket_json(ticket, request.app[catalog_key]))


async def post_call_next(request: web.Request) -> web.Response:
    await require_staff(request)
    hall = hall_in_path(request)
    group = request.match_info["group"]
    if group not in ("A", "B"):
        raise api_error(404, "unknown_group", "窗口组应为 A 或 B。")
    form = await read_json(request, CallForm) if request.body_exists else CallForm()
    ticket = await call_next(hall.code, group, window=form.window, now=request.app[clock_key].now(),
                             rules=rules_of(request))
    return web.json_response({"ticket": ticket_json(ticket, request.app[catalog_key]) if ticket else None})


async def post_served(request: web.Request) -> web.Response:
    await require_staff(request)
    ticket = await mark_served(path_code(request), now=request.app[clock_key].now(), rules=rules_of(request))
    return web.json_response(ticket_json(ticket, request.app[catalog_key]))


async def post_staff_booking(request: web.Request) -> web.Response:
    await require_staff(request)
    key = idempotency_key(request)
    form = await read_json(request, StaffBookingForm)
    catalog = request.app[catalog_key]
    hall, item = hall_of(catalog, form.hall), item_of(catalog, form.item)
    booking = await book_slot(form.citizen, item, hall, form.start, idempotency_key=key, booked_by="staff",
                              now=request.app[clock_key].now(), rules=rules_of(request))
    return web.json_response(booking_json(booking, catalog), status=200 if booking.replayed else 201)


async def post_no_shows(request: web.Request) -> web.Response:
    await require_staff(request)
    marked = await mark_no_shows(request.app[clock_key].now(), rules_of(request))
    return web.json_response({"marked": marked})


routes = [
    web.get("/api/staff/v1/halls/{hall}/days/{date}", get_hall_day),
    web.put("/api/staff/v1/halls/{hall}/days/{date}/exception", put_day_exception),
    web.post("/api/staff/v1/checkins", post_check_in),
    web.post("/api/staff/v1/halls/{hall}/queues/{group}/next", post_call_next),
    web.post("/api/staff/v1/appointments/{code}/served", post_served),
    web.post("/api/staff/v1/appointments", post_staff_booking),
    web.post("/api/staff/v1/no-shows", post_no_shows),
]
