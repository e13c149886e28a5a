"""Dead letters (admins, supervisors): pushes that will not go by themselves, why, and what to do.

    GET  /console/letters?before=ID            failed and unknown outbox rows, newest first, citizen masked
    POST /console/letters/{id}/retry           {csrf, note}     back to pending now (never a refusal: 43101)
    POST /console/letters/{id}/drop            {csrf, reason}   given up for good

The steps are notify/letters.py's, as the staff API's; each writes its line in the staff actions in
the same transaction as the change.
"""

from __future__ import annotations

from typing import Any

import aiohttp_jinja2
from aiohttp import web

from core.clock import SHANGHAI
from core.privacy import mask_citizen_id
from notify import TOPIC_NAMES, dead_letters, shipped_rules
from notify.campaigns import CampaignError
from notify.letters import drop, retry
from notify.models import Outbox
from notify.render import rule_for
from notify.reports import final_refusal

from ..keys import catalog_key, clock_key
from .access import action_visit, back, flash, page_context, page_visit, refuse
from .rules import CHANNEL_NAMES

PAGE = 50
MAX_REASON = 200
STATUS_NAMES = {"failed": "发送失败", "unknown": "结果未知（平台可能已收到）"}


def letter_row(row: Outbox, catalog: Any) -> dict[str, Any]:
    rule = rule_for(row, shipped_rules())
    item = catalog.item(rule.item or "") if rule is not None else None
    what = (f"{item.short_name if item else '消息'} · {TOPIC_NAMES.get(rule.topic, rule.topic)}" if rule is not None
            else row.kind)
    return {"id": row.id, "what": what, "citizen": mask_citizen_id(row.citizen), "status": row.status,
            "status_name": STATUS_NAMES.get(row.status, row.status), "error": row.error or "",
            "delivery": row.delivery or "", "attempts": row.attempts,
            "channel": CHANNEL_NAMES.get(row.channel or "", row.channel or "—"), "campaign": row.campaign,
            "due_at": row.due_at.astimezone(SHANGHAI), "retriable": not final_refusal(row)}


def letter_id(request: web.Request) -> int:
    raw = request.match_info["id"]
    if not raw.isdigit() or len(raw) > 9:
        raise refuse(request, 404, "没有这条消息，请回到列表再选。")
    return int(raw)


async def get_letters(request: web.Request) -> web.StreamResponse:
    visit = await page_visit(request, "letters")
    raw = request.query.get("before", "")
    if raw and (not raw.isdigit() or len(raw) > 9):
        raise refuse(request, 422, "翻页参数不对，请回到第一页。")
    rows = await dead_letters(PAGE, before=int(raw) if raw else None)
    catalog = request.app[catalog_key]
    return aiohttp_jinja2.render_template("letters.html", request, await page_context(
        request, visit, "letters", title="发送失败", letters=[letter_row(r, catalog) for r in rows],
        older=rows[-1].id if len(rows) == PAGE else None))


async def post_retry(request: web.Request) -> web.StreamResponse:
    visit, form = await action_visit(request, "letters")
    row_id = letter_id(request)
    note = form.get("note", "").strip()[:MAX_REASON]
    try:
        await retry(row_id, staff=visit.staff.name, now=request.app[clock_key].now(), note=note)
    except CampaignError as exc:
        await flash(request, visit, exc.message)
        raise back("/console/letters") from None
    await flash(request, visit, f"消息 #{row_id} 已重新排队，下一轮发送时会再试（夜间顺延到早上）。")
    raise back("/console/letters")


async def post_drop(request: web.Request) -> web.StreamResponse:
    visit, form = await action_visit(request, "letters")
    row_id = letter_id(request)
    reason = form.get("reason", "").strip()
    if not reason or len(reason) > MAX_REASON:
        await flash(request, visit, f"请写明放弃的原因（不超过{MAX_REASON}字）。")
        raise back("/console/letters")
    try:
        await drop(row_id, staff=visit.staff.name, reason=reason, now=request.app[clock_key].now())
    except CampaignError as exc:
        await flash(request, visit, exc.message)
        raise back("/console/letters") from None
    await flash(request, visit, f"消息 #{row_id} 已放弃，不会再发送。")
    raise back("/console/letters")


routes = [
    web.get("/console/letters", get_letters),
    web.post("/console/letters/{id}/retry", post_retry),
    web.post("/console/letters/{id}/drop", post_drop),
]
