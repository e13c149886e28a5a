"""Today's queue of a hall: check in by booking code, call the next number, served, no-show.

    GET  /console/queue?hall=            the page (the table refreshes itself: /console/queue/live)
    GET  /console/queue/live?hall=       the table alone
    POST /console/queue/checkin          {csrf, hall, code}
    POST /console/queue/next             {csrf, hall, group, window}
    POST /console/queue/served           {csrf, hall, code}
    POST /console/queue/no-show          {csrf, hall, code}
"""

from __future__ import annotations

from datetime import date
from typing import Any

import aiohttp_jinja2
from aiohttp import web

from appointments import (
    STATUS_NAMES,
    Booking,
    BookingRefused,
    booking_by_code,
    call_next,
    check_in,
    hall_day,
    mark_no_show,
    mark_served,
    normalise_code,
)
from bot.refusals import refusal_text
from catalog import Catalog, Hall
from core.clock import SHANGHAI
from core.privacy import mask_citizen_id

from ..keys import catalog_key, clock_key
from ..miniapp.appointments import rules_of
from .access import Visit, action_visit, audit, back, flash, hall_for, halls_of, page_context, page_visit, refuse

WINDOW_CHARS = 16


def booking_row(b: Booking, catalog: Catalog) -> dict[str, Any]:
    item = catalog.item(b.item)
    return {"code": b.code, "citizen": mask_citizen_id(b.citizen), "item": item.short_name if item else b.item,
            "time": f"{b.start.astimezone(SHANGHAI):%H:%M}", "status": b.status,
            "status_name": STATUS_NAMES.get(b.status, b.status), "label": b.queue_label or "", "window": b.window or "",
            "group": b.window_group}


async def queue_of(hall: Hall, today: date, catalog: Catalog) -> dict[str, list[dict[str, Any]]]:
    rows = [booking_row(b, catalog) for b in await hall_day(hall.code, today)]
    waiting = sorted((r for r in rows if r["status"] == "checked_in"), key=lambda r: r["label"])
    return {"waiting": waiting, "called": [r for r in rows if r["status"] == "called"],
            "expected": [r for r in rows if r["status"] == "booked"],
            "done": [r for r in rows if r["status"] in ("served", "no_show")]}


async def queue_context(request: web.Request, visit: Visit) -> dict[str, Any]:
    hall = hall_for(request, visit.staff, request.query.get("hall"))
    today = request.app[clock_key].now().astimezone(SHANGHAI).date()
    return {"hall": hall, "halls": halls_of(request, visit.staff), "today": today,
            "queue": await queue_of(hall, today, request.app[catalog_key])}


async def get_queue(request: web.Request) -> web.StreamResponse:
    visit = await page_visit(request, "queue")
    values = await queue_context(request, visit)
    return aiohttp_jinja2.render_template(
        "queue.html", request, await page_context(request, visit, "queue", title="今日排队", **values))


async def get_queue_live(request: web.Request) -> web.StreamResponse:
    visit = await page_visit(request, "queue")
    values = await queue_context(request, visit)
    return aiohttp_jinja2.render_template("_queue_table.html", request, {"csrf": visit.csrf, **values})


def queue_path(hall: Hall) -> str:
    return f"/console/queue?hall={hall.code}"


async def post_check_in(request: web.Request) -> web.StreamResponse:
    visit, form = await action_visit(request, "queue")
    hall = hall_for(request, visit.staff, form.get("hall"))
    code = normalise_code(form.get("code", ""))
    if code is None:
        await flash(request, visit, "预约码应为8位字母或数字，请核对后再输入。")
        raise back(queue_path(hall))
    try:
        ticket = await check_in(code, hall=hall.code, now=request.app[clock_key].now(), rules=rules_of(request))
    except BookingRefused as exc:
        await flash(request, visit, f"没有签到：{refusal_text(exc)}")
        raise back(queue_path(hall)) from None
    await audit(request, visit.staff, "check_in", code, {"hall": hall.code, "ticket": ticket.label})
    await flash(request, visit, f"已签到，排队号 {ticket.label}，前面还有 {ticket.people_ahead} 人。")
    raise back(queue_path(hall))


async def post_call_next(request: web.Request) -> web.StreamResponse:
    visit, form = await action_visit(request, "queue")
    hall = hall_for(request, visit.staff, form.get("hall"))
    group = form.get("group", "A")
    if group not in ("A", "B"):
        raise refuse(request, 422, "窗口组应为 A 或 B，请从页面上选择。")
    window = form.get("window", "").strip()[:WINDOW_CHARS] or None
    ticket = await call_next(hall.code, group, window=window, now=request.app[clock_key].now(),
                             rules=rules_of(request))
    await audit(request, visit.staff, "call_next", ticket.booking.code if ticket else "",
                {"hall": hall.code, "group": group, "window": window, "ticket": ticket.label if ticket else None})
    where = f"到{window}号窗口" if window else "到窗口"
    await flash(request, visit, f"已叫号：请 {ticket.label} {where}。" if ticket else f"{group} 组暂时没有人在等候。")
    raise back(queue_path(hall))


async def booking_at(request: web.Request, visit: Visit, hall: Hall, raw: str) -> Booking:
    code = normalise_code(raw)
    try:
        booking = await booking_by_code(code) if code else None
    except BookingRefused:
        booking = None
    if booking is None or booking.hall != hall.code:
        raise refuse(request, 404, "这个大厅没有这个预约，请刷新页面后再试。")
    return booking


async def post_served(request: web.Request) -> web.StreamResponse:
    visit, form = await action_visit(request, "queue")
    hall = hall_for(request, visit.staff, form.get("hall"))
    booking = await booking_at(request, visit, hall, form.get("code", ""))
    try:
        ticket = await mark_served(booking.code, now=request.app[clock_key].now(), rules=rules_of(request))
    except BookingRefused as exc:
        await flash(request, visit, f"没有办结：{refusal_text(exc)}")
        raise back(queue_path(hall)) from None
    await audit(request, visit.staff, "served", booking.code, {"hall": hall.code})
    await flash(request, visit, f"{ticket.label or booking.code} 已办理完成。")
    raise back(queue_path(hall))


async def post_no_show(request: web.Request) -> web.StreamResponse:
    visit, form = await action_visit(request, "queue")
    hall = hall_for(request, visit.staff, form.get("hall"))
    booking = await booking_at(request, visit, hall, form.get("code", ""))
    marked = await mark_no_show(booking.code, now=request.app[clock_key].now())
    if marked:
        await audit(request, visit.staff, "no_show", booking.code, {"hall": hall.code})
    label = booking.queue_label or booking.code
    await flash(request, visit, f"{label} 已记为未到。" if marked else f"{label} 已经结束，无需再记未到。")
    raise back(queue_path(hall))


routes = [
    web.get("/console/queue", get_queue),
    web.get("/console/queue/live", get_queue_live),
    web.post("/console/queue/checkin", post_check_in),
    web.post("/console/queue/next", post_call_next),
    web.post("/console/queue/served", post_served),
    web.post("/console/queue/no-show", post_no_show),
]
