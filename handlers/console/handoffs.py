"""The handoff inbox: citizens who asked for a person (or complained); read and reply.

The reply is kept with the handoff and queued for the citizen (bot/handoff.py: outbox kind
`handoff_reply`); the handoff becomes answered.

    GET  /console/handoffs?status=          waiting ones by default (open, taken), else answered / closed
    GET  /console/handoffs/{id}
    POST /console/handoffs/{id}/reply       {csrf, reply}
"""

from __future__ import annotations

from typing import Any

import aiohttp_jinja2
from aiohttp import web

from bot.handoff import MAX_REPLY, HandoffNotFound, HandoffView, handoff_of, list_handoffs, reply_to_handoff
from catalog import Catalog
from core.privacy import mask_citizen_id

from ..keys import catalog_key, clock_key
from .access import action_visit, audit, back, flash, page_context, page_visit, refuse

LIST_STATUSES = {"": "等待回复", "answered": "已回复", "closed": "已关闭"}
REASON_NAMES = {"human": "转人工", "complaint": "投诉"}
CHANNEL_NAMES = {"wechat": "公众号", "miniapp": "小程序", "robot": "大厅机器人", "terminal": "终端"}


def handoff_row(h: HandoffView, catalog: Catalog) -> dict[str, Any]:
    item = catalog.item(h.item) if h.item else None
    return {"id": h.id, "citizen": mask_citizen_id(h.user), "channel": CHANNEL_NAMES.get(h.channel, h.channel),
            "reason": REASON_NAMES.get(h.reason, h.reason), "item": item.short_name if item else "",
            "text": h.text, "status": h.status, "created_at": h.created_at,
            "replies": [{"staff": s, "text": t, "at": at} for s, t, at in h.replies]}


async def get_handoffs(request: web.Request) -> web.StreamResponse:
    visit = await page_visit(request, "handoffs")
    status = request.query.get("status", "")
    if status not in LIST_STATUSES:
        raise refuse(request, 422, "没有这种状态，请从列表中选择。")
    catalog = request.app[catalog_key]
    rows = [handoff_row(h, catalog) for h in await list_handoffs(status or None)]
    return aiohttp_jinja2.render_template("handoffs.html", request, await page_context(
        request, visit, "handoffs", title="转人工", status=status, statuses=LIST_STATUSES, handoffs=rows))


async def handoff_here(request: web.Request) -> HandoffView:
    raw = request.match_info["id"]
    try:
        if not raw.isdigit() or len(raw) > 9:
            raise HandoffNotFound(raw)
        return await handoff_of(int(raw))
    except HandoffNotFound:
        raise refuse(request, 404, "没有这条转人工记录，请回到列表再选。") from None


async def get_handoff(request: web.Request) -> web.StreamResponse:
    visit = await page_visit(request, "handoffs")
    handoff = await handoff_here(request)
    return aiohttp_jinja2.render_template("handoff.html", request, await page_context(
        request, visit, "handoffs", title=f"转人工 #{handoff.id}",
        handoff=handoff_row(handoff, request.app[catalog_key]), max_reply=MAX_REPLY))


async def post_reply(request: web.Request) -> web.StreamResponse:
    visit, form = await action_visit(request, "handoffs")
    handoff = await handoff_here(request)
    text = form.get("reply", "").strip()
    if not text or len(text) > MAX_REPLY:
        await flash(request, visit, f"请填写回复内容（最多{MAX_REPLY}字）。")
        raise back(f"/console/handoffs/{handoff.id}")
    await reply_to_handoff(handoff.id, text, staff=visit.staff.name, now=request.app[clock_key].now())
    await audit(request, visit.staff, "handoff_reply", str(handoff.id), {"chars": len(text)})
    await flash(request, visit, "回复已记录，已排入发给群众的消息队列。")
    raise back(f"/console/handoffs/{handoff.id}")




routes = [
    web.get("/console/handoffs", get_handoffs),
    web.get("/console/handoffs/{id}", get_handoff),
    web.post("/console/handoffs/{id}/reply", post_reply),
]
