"""The citizen's appointment API under /api/v1 (the mini-program).

    GET  /api/v1/halls[?item=]                          halls (offering the item)
    GET  /api/v1/halls/{hall}/slots?item=[&date=]       open days, or that day's free slots
    GET  /api/v1/booking-rules                          the rules, in Chinese
    POST /api/v1/appointments {item, hall, start}       book (Idempotency-Key honoured: 201, then 200)
    GET  /api/v1/appointments[?active=1]                mine
    GET  /api/v1/appointments/{code}                    one of mine, with my place in the queue
    POST /api/v1/appointments/{code}/cancel
    POST /api/v1/appointments/{code}/reschedule {start}

Everything but halls, slots and rules needs `Authorization: Bearer <token>` (handlers/citizens.py);
another citizen's booking answers 404. Errors: {"error": {"code", "message"}}.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

from aiohttp import web
from pydantic import AfterValidator, Field

from appointments import (
    STATUS_NAMES,
    Booking,
    BookingRules,
    Ticket,
    book_slot,
    booking_rules,
    bookings_of,
    cancel_booking,
    day_plan,
    estimated_wait,
    explain_rules,
    list_free_slots,
    list_open_days,
    normalise_code,
    reschedule_booking,
)
from catalog import Catalog, Hall, Item
from core.clock import SHANGHAI

from .citizens import citizen_of
from .keys import catalog_key, clock_key, settings_key
from .problems import api_error
from .validation import Strict, idempotency_key, read_json


def shanghai(value: datetime) -> datetime:
    """A time without an offset is Beijing time."""
    return value.replace(tzinfo=SHANGHAI) if value.tzinfo is None else value.astimezone(SHANGHAI)


Code = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{1,63}$")]
When = Annotated[datetime, AfterValidator(shanghai)]


class BookingForm(Strict):
    item: Code
    hall: Code
    start: When


class RescheduleForm(Strict):
    start: When


def query_date(request: web.Request) -> date | None:
    raw = request.query.get("date")
    if not raw:
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw):
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass
    raise api_error(422, "invalid_input", "date 应为 YYYY-MM-DD 格式的日期。")


def path_code(request: web.Request) -> str:
    code = normalise_code(request.match_info["code"])
    if code is None:
        raise api_error(404, "not_found", "没有找到这个预约码，请核对后再试。")
    return code


def hall_of(catalog: Catalog, code: str) -> Hall:
    hall = catalog.hall(code)
    if hall is None:
        raise api_error(404, "unknown_hall", "没有这个大厅，请从大厅列表里选择。")
    return hall


def item_of(catalog: Catalog, code: str | None) -> Item:
    item = catalog.item(code) if code else None
    if item is None:
        raise api_error(404 if code else 422, "unknown_item", "没有这个事项，请从事项列表里选择。")
    return item


def rules_of(request: web.Request) -> BookingRules:
    return booking_rules(request.app[settings_key].booking)


def booking_json(booking: Booking, catalog: Catalog) -> dict[str, Any]:
    hall, item = catalog.hall(booking.hall), catalog.item(booking.item)
    return {
        "code": booking.code,
        "item": booking.item, "item_name": item.name if item else booking.item,
        "hall": booking.hall, "hall_name": hall.name if hall else booking.hall,
        "hall_address": hall.address if hall else "",
        "date": booking.day.isoformat(), "start": booking.start.isoformat(), "end": booking.end.isoformat(),
        "status": booking.status, "status_name": STATUS_NAMES.get(booking.status, booking.status),
        "queue_number": booking.queue_label, "window": booking.window, "booked_by": booking.booked_by,
    }


def ticket_json(ticket: Ticket, catalog: Catalog) -> dict[str, Any]:
    return booking_json(ticket.booking, catalog) | {
        "queue": {"number": ticket.label, "people_ahead": ticket.people_ahead, "wait_minutes": ticket.wait_minutes}}


async def get_halls(request: web.Request) -> web.Response:
    catalog = request.app[catalog_key]
    halls = list(catalog.halls.values())
    if "item" in request.query:
        halls = catalog.halls_for(item_of(catalog, request.query["item"]))
    return web.json_response({"halls": [
        {"code": h.code, "name": h.name, "short_name": h.short_name, "address": h.address, "phone": h.phone,
         "hours": h.hours.model_dump(mode="json"), "windows": h.windows} for h in halls]})


async def get_slots(request: web.Request) -> web.Response:
    catalog, now, rules = request.app[catalog_key], request.app[clock_key].now(), rules_of(request)
    hall = hall_of(catalog, request.match_info["hall"])
    item = item_of(catalog, request.query.get("item"))
    day = query_date(request)
    if day is None:
        days = await list_open_days(hall, item, now=now, rules=rules)
        return web.json_response({"hall": hall.code, "item": item.code, "days": [
            {"date": d.day.isoformat(), "places_left": d.places_left} for d in days]})
    slots = await list_free_slots(hall, day, item, now=now, rules=rules)
    plan = await day_plan(hall, day, rules)
    return web.json_response({
        "hall": hall.code, "item": item.code, "date": day.isoformat(), "open": plan.open,
        "closed_reason": plan.closed_reason,
        "slots": [{"start": s.start.isoformat(), "end": s.end.isoformat(), "places_left": s.places_left}
                  for s in slots]})


async def get_booking_rules(request: web.Request) -> web.Response:
    return web.json_response({"text": explain_rules(rules_of(request))})


async def post_appointment(request: web.Request) -> web.Response:
    citizen = await citizen_of(request)
    key = idempotency_key(request)
    form = await read_json(request, BookingForm)
    catalog = request.app[catalog_key]
    hall, item = hall_of(catalog, form.hall), item_of(catalog, form.item)
    booking = await book_slot(citizen, item, hall, form.start, idempotency_key=key,
                              now=request.app[clock_key].now(), rules=rules_of(request))
    return web.json_response(booking_json(booking, catalog), status=200 if booking.replayed else 201)


async def get_appointments(request: web.Request) -> web.Response:
    citizen = await citizen_of(request)
    active_only = request.query.get("active", "") in ("1", "true")
    bookings = await bookings_of(citizen, active_only=active_only)
    catalog = request.app[catalog_key]
    return web.json_response({"appointments": [booking_json(b, catalog) for b in bookings]})


async def get_appointment(request: web.Request) -> web.Response:
    citizen = await citizen_of(request)
    ticket = await estimated_wait(path_code(request), citizen=citizen, now=request.app[clock_key].now(),
                                  rules=rules_of(request))
    return web.json_response(ticket_json(ticket, request.app[catalog_key]))


async def post_cancel(request: web.Request) -> web.Response:
    citizen = await citizen_of(request)
    booking = await cancel_booking(path_code(request), citizen=citizen, now=request.app[clock_key].now(),
                                   rules=rules_of(request))
    return web.json_response(booking_json(booking, request.app[catalog_key]))


async def post_reschedule(request: web.Request) -> web.Response:
    citizen = await citizen_of(request)
    code = path_code(request)
    form = await read_json(request, RescheduleForm)
    catalog = request.app[catalog_key]
    booking = await reschedule_booking(code, form.start, citizen=citizen, catalog=catalog,
                                       now=request.app[clock_key].now(), rules=rules_of(request))
    return web.json_response(booking_json(booking, catalog))


routes = [
    web.get("/api/v1/halls", get_halls),
    web.get("/api/v1/halls/{hall}/slots", get_slots),
    web.get("/api/v1/booking-rules", get_booking_rules),
    web.post("/api/v1/appointments", post_appointment),
    web.get("/api/v1/appointments", get_appointments),
    web.get("/api/v1/appointments/{code}", get_appointment),
    web.post("/api/v1/appointments/{code}/cancel", post_cancel),
    web.post("/api/v1/appointments/{code}/reschedule", post_reschedule),
]
