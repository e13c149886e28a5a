"""The citizen's appointments in the app:

    GET  /api/v1/halls[?item=]                          halls (offering the item)
    GET  /api/v1/halls/{hall}/slots?item=[&date=]       open days, or that day's free slots
    GET  /api/v1/booking-rules                          the rules, in Chinese
    POST /api/v1/appointments {item, hall, start}       book (Idempotency-Key: 201, then 200; another body 422)
    GET  /api/v1/appointments[?active=1]                mine
    GET  /api/v1/appointments/{code}                    one of mine, with my place in the queue
    POST /api/v1/appointments/{code}/cancel
    POST /api/v1/appointments/{code}/reschedule {start}

Everything but halls, slots and rules needs `Authorization: Bearer <token>` (handlers/citizens.py);
another citizen's booking answers 404. A refusal answers with its code (handlers/problems.py).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from aiohttp import web
from pydantic import Field

from appointments import (
    BookingRules,
    HallClosed,
    book_slot,
    booking_rules,
    bookings_of,
    cancel_booking,
    day_slots,
    estimated_wait,
    explain_rules,
    list_open_days,
    normalise_code,
    reschedule_booking,
)
from bot.refusals import refusal_text
from catalog import Catalog, Hall, Item

from ..citizens import citizen_of
from ..keys import catalog_key, clock_key, settings_key
from ..validation import BeijingTime, Strict, idempotency_key, read_json, read_path, read_query
from .errors import api_error
from .idempotency import idempotent
from .models import (
    DATE_PATTERN,
    AppointmentList,
    AppointmentOut,
    AppointmentsQuery,
    AppointmentWithQueue,
    BookingPath,
    BookingRulesOut,
    HallList,
    HallOut,
    HallPath,
    HallsQuery,
    OpenDayOut,
    OpenDays,
    SlotOut,
    Slots,
    SlotsQuery,
)
from .responses import model_response

UNKNOWN_HALL = ("unknown_hall", "没有这个大厅，请从大厅列表里选择。")
UNKNOWN_ITEM = ("unknown_item", "没有这个事项，请从事项列表里选择。")
NOT_FOUND = ("not_found", "没有找到这个预约码，请核对后再试。")


Code = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{1,63}$")]


class BookingForm(Strict):
    item: Code
    hall: Code
    start: BeijingTime


class RescheduleForm(Strict):
    start: BeijingTime


def day_of(raw: str | None) -> date | None:
    if not raw:
        return None
    if re.fullmatch(DATE_PATTERN, raw):
        try:
            return date.fromisoformat(raw)
        except ValueError:
            pass
    raise api_error(422, "invalid_input", "date 应为 YYYY-MM-DD 格式的日期。")


def path_code(request: web.Request) -> str:
    code = normalise_code(read_path(request, BookingPath, not_found=NOT_FOUND).code)
    if code is None:
        raise api_error(404, *NOT_FOUND)
    return code


def hall_of(catalog: Catalog, code: str) -> Hall:
    hall = catalog.hall(code)
    if hall is None:
        raise api_error(404, *UNKNOWN_HALL)
    return hall


def item_of(catalog: Catalog, code: str | None) -> Item:
    item = catalog.item(code) if code else None
    if item is None:
        raise api_error(404 if code else 422, *UNKNOWN_ITEM)
    return item


def rules_of(request: web.Request) -> BookingRules:
    return booking_rules(request.app[settings_key].booking)


async def get_halls(request: web.Request) -> web.Response:
    query = read_query(request, HallsQuery)
    catalog = request.app[catalog_key]
    halls = list(catalog.halls.values())
    if query.item is not None:
        halls = catalog.halls_for(item_of(catalog, query.item))
    return model_response(HallList(halls=[HallOut.of(h) for h in halls]))


async def get_slots(request: web.Request) -> web.Response:
    catalog, now, rules = request.app[catalog_key], request.app[clock_key].now(), rules_of(request)
    hall = hall_of(catalog, read_path(request, HallPath, not_found=UNKNOWN_HALL).hall)
    query = read_query(request, SlotsQuery)
    item = item_of(catalog, query.item)
    day = day_of(query.date)
    if day is None:
        days = await list_open_days(hall, item, now=now, rules=rules)
        return model_response(OpenDays(hall=hall.code, item=item.code,
                                       days=[OpenDayOut(date=d.day, places_left=d.places_left) for d in days]))
    found = await day_slots(hall, day, item, now=now, rules=rules)
    refusal = found.refusal
    closed_reason = "" if refusal is None else refusal.why if isinstance(refusal, HallClosed) else refusal_text(refusal)
    return model_response(Slots(
        hall=hall.code, item=item.code, date=day, open=refusal is None, reason=refusal.code if refusal else None,
        closed_reason=closed_reason, slots=[SlotOut(start=s.start, end=s.end, places_left=s.places_left)
                                            for s in found.slots]))


async def get_booking_rules(request: web.Request) -> web.Response:
    return model_response(BookingRulesOut(text=explain_rules(rules_of(request))))


async def post_appointment(request: web.Request) -> web.Response:
    citizen = await citizen_of(request)

    async def book() -> web.Response:
        # the key goes to the booking too: its row keeps it, so a retry is answered even when Redis forgot
        key = idempotency_key(request)
        form = await read_json(request, BookingForm)
        catalog = request.app[catalog_key]
        hall, item = hall_of(catalog, form.hall), item_of(catalog, form.item)
        booking = await book_slot(citizen, item, hall, form.start, idempotency_key=key,
                                  now=request.app[clock_key].now(), rules=rules_of(request))
        return model_response(AppointmentOut.of(booking, catalog), status=200 if booking.replayed else 201)

    return await idempotent(request, citizen, book)


async def get_appointments(request: web.Request) -> web.Response:
    citizen = await citizen_of(request)
    query = read_query(request, AppointmentsQuery)
    bookings = await bookings_of(citizen, active_only=bool(query.active))
    catalog = request.app[catalog_key]
    return model_response(AppointmentList(appointments=[AppointmentOut.of(b, catalog) for b in bookings]))


async def get_appointment(request: web.Request) -> web.Response:
    citizen = await citizen_of(request)
    ticket = await estimated_wait(path_code(request), citizen=citizen, now=request.app[clock_key].now(),
                                  rules=rules_of(request))
    return model_response(AppointmentWithQueue.of_ticket(ticket, request.app[catalog_key]))


async def post_cancel(request: web.Request) -> web.Response:
    citizen = await citizen_of(request)
    booking = await cancel_booking(path_code(request), citizen=citizen, now=request.app[clock_key].now(),
                                   rules=rules_of(request))
    return model_response(AppointmentOut.of(booking, request.app[catalog_key]))


async def post_reschedule(request: web.Request) -> web.Response:
    citizen = await citizen_of(request)
    code = path_code(request)
    form = await read_json(request, RescheduleForm)
    catalog = request.app[catalog_key]
    booking = await reschedule_booking(code, form.start, citizen=citizen, catalog=catalog,
                                       now=request.app[clock_key].now(), rules=rules_of(request))
    return model_response(AppointmentOut.of(booking, catalog))
