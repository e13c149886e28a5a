"""The dashboard (supervisors, admins): bookings per day, the items booked most, the average wait in the
queue (checked in → called) per day and over the fortnight, the figures of
supervision (即办率, average working days, satisfaction), the share of messages the bot could not
answer with those questions (most frequent first, bot/questions.py) so the catalog's aliases can
grow from them, and the citizens who asked for a person.

    GET /console/dashboard?hall=

The questions are the whole service's (a message has no hall); the hall picker filters the rest.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

import aiohttp_jinja2
from aiohttp import web

from appointments import average_wait, bookings_per_day, bookings_per_item, waits_per_day
from bot.handoff import list_handoffs
from bot.questions import unanswered_questions, unanswered_share
from core.clock import SHANGHAI
from progress import figures

from ..keys import assistant_key, catalog_key, clock_key
from .access import hall_for, halls_of, page_context, page_visit
from .charts import bar_chart, column_chart

DAYS_BACK, DAYS_AHEAD = 13, 7
QUESTION_DAYS = 7  # the unanswered questions of the last week


async def get_dashboard(request: web.Request) -> web.StreamResponse:
    visit = await page_visit(request, "dashboard")
    code = request.query.get("hall")
    hall = hall_for(request, visit.staff, code) if code or visit.staff.hall else None
    catalog = request.app[catalog_key]
    now = request.app[clock_key].now()
    today = now.astimezone(SHANGHAI).date()
    first, last = today - timedelta(days=DAYS_BACK), today + timedelta(days=DAYS_AHEAD)
    per_day = await bookings_per_day(first, last, hall.code if hall else None)
    days = column_chart([(f"{d.month}/{d.day}", n) for d, n in per_day], "每日预约量")
    items = [((i.short_name if (i := catalog.item(code)) else code), n)
             for code, n in await bookings_per_item(first, last, hall.code if hall else None)]
    top_items = bar_chart(items, "预约最多的事项")
    waits = await waits_per_day(first, today, hall.code if hall else None)
    waited = average_wait(waits)
    wait_chart = column_chart([(f"{w.day.month}/{w.day.day}", round(w.minutes or 0)) for w in waits],
                              "每日平均等候（分钟）", f"平均 {waited:.1f} 分钟" if waited is not None else "")
    wait = {"minutes": round(waited, 1) if waited is not None else None, "called": sum(w.called for w in waits)}
    found = [f for f in await figures(now) if hall is None or f.hall == hall.code]
    rows = [{"hall": (h.short_name if (h := catalog.hall(f.hall)) else f.hall),
             "item": (i.short_name if (i := catalog.item(f.item)) else f.item), "figures": f} for f in found]
    waiting = await list_handoffs()
    asked = [h for h in waiting if h.reason == "human"]
    questions = request.app[assistant_key].questions
    if questions is not None:
        await questions.flush()  # what this process gathered, so the page is up to date
    since_day = today - timedelta(days=QUESTION_DAYS - 1)
    messages, unanswered = await unanswered_share(since_day, today)
    since = datetime.combine(since_day, time(0), SHANGHAI)
    often = [{"text": q.text, "times": q.times, "last": q.last.astimezone(SHANGHAI),
              "item": (i.short_name if q.item and (i := catalog.item(q.item)) else "")}
             for q in await unanswered_questions(since)]
    share = round(100 * unanswered / messages) if messages else None
    return aiohttp_jinja2.render_template("dashboard.html", request, await page_context(
        request, visit, "dashboard", title="概览", hall=hall, halls=halls_of(request, visit.staff), days=days,
        top_items=top_items, wait_chart=wait_chart, wait=wait, figures=rows, asked=asked, waiting=len(waiting),
        first=first, last=last,
        messages=messages, unanswered=unanswered, share=share, often=often, since_day=since_day))


routes = [web.get("/console/dashboard", get_dashboard)]
