"""Complaints (投诉) for supervisors and admins: the open ones by their response deadline, answered ones;
answer once (progress.reply_to_complaint: kept, and sent to the citizen as a chat message, see
notify's `complaint_answer` rule), audited.

    GET  /console/complaints?status=          open (default) or answered
    GET  /console/complaints/{id}
    POST /console/complaints/{id}/reply       {csrf, reply}
"""

from __future__ import annotations

from typing import Any

import aiohttp_jinja2
from aiohttp import web

from core.clock import SHANGHAI
from core.privacy import mask_citizen_id
from progress import CATEGORY_NAMES, Ticket, complaints, reply_to_complaint
from progress.errors import ComplaintAnswered, ComplaintNotFound

from ..keys import clock_key
from .access import action_visit, audit, back, flash, page_context, page_visit, refuse

LIST_STATUSES = {"open": "待答复", "answered": "已答复"}
MAX_REPLY = 1000


def complaint_row(t: Ticket, today: Any) -> dict[str, Any]:
    return {"id": t.id, "citizen": mask_citizen_id(t.citizen), "category": CATEGORY_NAMES.get(t.category, t.category),
            "text": t.text, "application_no": t.application_no or "", "opened_at": t.opened_at, "due_on": t.due_on,
            "late": t.status == "open" and t.due_on < today, "status": LIST_STATUSES.get(t.status, t.status),
            "reply": t.reply, "replied_at": t.replied_at, "on_time": t.answered_on_time}


async def ticket_here(request: web.Request) -> Ticket:
    raw = request.match_info["id"]
    if raw.isdigit() and len(raw) <= 9:
        for t in await complaints():
            if t.id == int(raw):
                return t
    raise refuse(request, 404, "没有这条投诉，请回到列表再选。")


def today_of(request: web.Request) -> Any:
    return request.app[clock_key].now().astimezone(SHANGHAI).date()


async def get_complaints(request: web.Request) -> web.StreamResponse:
    visit = await page_visit(request, "complaints")
    status = request.query.get("status", "open")
    if status not in LIST_STATUSES:
        raise refuse(request, 422, "没有这种状态，请从列表中选择。")
    today = today_of(request)
    rows = [complaint_row(t, today) for t in await complaints(status)]
    return aiohttp_jinja2.render_template("complaints.html", request, await page_context(
        request, visit, "complaints", title="投诉", status=status, statuses=LIST_STATUSES, complaints=rows))


async def get_complaint(request: web.Request) -> web.StreamResponse:
    visit = await page_visit(request, "complaints")
    ticket = await ticket_here(request)
    return aiohttp_jinja2.render_template("complaint.html", request, await page_context(
        request, visit, "complaints", title=f"投诉 #{ticket.id}", complaint=complaint_row(ticket, today_of(request)),
        open=ticket.status == "open", max_reply=MAX_REPLY))


async def post_reply(request: web.Request) -> web.StreamResponse:
    visit, form = await action_visit(request, "complaints")
    ticket = await ticket_here(request)
    text = form.get("reply", "").strip()
    if not text or len(text) > MAX_REPLY:
        await flash(request, visit, f"请填写答复内容（最多{MAX_REPLY}字）。")
        raise back(f"/console/complaints/{ticket.id}")
    try:
        await reply_to_complaint(ticket.id, text, staff=visit.staff.name, now=request.app[clock_key].now())
    except ComplaintAnswered:
        await flash(request, visit, "这条投诉已经答复过了，不能再次答复。")
        raise back(f"/console/complaints/{ticket.id}") from None
    except ComplaintNotFound:
        raise refuse(request, 404, "没有这条投诉，请回到列表再选。") from None
    await audit(request, visit.staff, "complaint_reply", str(ticket.id), {"chars": len(text)})
    await flash(request, visit, "答复已记录，会发给群众。")
    raise back(f"/console/complaints/{ticket.id}")


routes = [
    web.get("/console/complaints", get_complaints),
    web.get("/console/complaints/{id}", get_complaint),
    web.post("/console/complaints/{id}/reply", post_reply),
]
