"""Appointments of a hall on a day, with the status filter; citizens masked.

    GET /console/appointments?hall=&day=YYYY-MM-DD&status=
"""

from __future__ import annotations

from datetime import date, timedelta

import aiohttp_jinja2
from aiohttp import web

from appointments import STATUS_NAMES, hall_day
from core.clock import SHANGHAI

from ..keys import catalog_key, clock_key
from ..validation import EARLIEST, LATEST
from .access import hall_for, halls_of, page_context, page_visit, refuse
from .queue import booking_row


async def get_appointments(request: web.Request) -> web.StreamResponse:
    visit = await page_visit(request, "appointments")
    hall = hall_for(request, visit.staff, request.query.get("hall"))
    today = request.app[clock_key].now().astimezone(SHANGHAI).date()
    raw = request.query.get("day", "")
    try:
        day = date.fromisoformat(raw) if raw else today
    except ValueError:
        raise refuse(request, 422, "日期应为 年-月-日，例如 2026-11-25，请重新选择。") from None
    if not EARLIEST <= day <= LATEST:
        raise refuse(request, 422, "日期超出了可以查看的范围，请重新选择。")
    status = request.query.get("status", "")
    if status and status not in STATUS_NAMES:
        raise refuse(request, 422, "没有这种预约状态，请从列表中选择。")
    catalog = request.app[catalog_key]
    rows = [booking_row(b, catalog) for b in await hall_day(hall.code, day) if not status or b.status == status]
    return aiohttp_jinja2.render_template("appointments.html", request, await page_context(
        request, visit, "appointments", title="预约", hall=hall, halls=halls_of(request, visit.staff), day=day,
        previous=day - timedelta(days=1), following=day + timedelta(days=1), status=status, statuses=STATUS_NAMES,
        appointments=rows))


routes = [web.get("/console/appointments", get_appointments)]
