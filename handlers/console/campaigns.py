"""Campaigns (supervisors, admins): compose, the segment's count, the preview, schedule, progress, cancel.

The steps are notify/campaigns.py's, as the staff API's (handlers/staff_notify.py), whose forms
validate the console's too; each step writes its line in the staff actions there. Only consenting
followers are reached; the dispatcher checks consent, caps and quiet hours again before each send.

    GET  /console/campaigns                    the latest campaigns and the compose form
    POST /console/campaigns                    {csrf, item, topic, message, fact, on_from, on_to, hall} → a draft
    GET  /console/campaigns/{id}               count (drafts), preview, progress
    POST /console/campaigns/{id}/schedule      {csrf, send_at}   empty: now; 21:00-08:00 moves to 08:00
    POST /console/campaigns/{id}/cancel        {csrf}
"""

from __future__ import annotations

from typing import Any, get_args

import aiohttp_jinja2
from aiohttp import web
from pydantic import ValidationError

from core.clock import SHANGHAI
from notify import shipped_rules
from notify.campaigns import CampaignError, Segment, cancel, create, preview, progress, schedule
from notify.models import Campaign
from notify.rules import TOPIC_NAMES, DateFact

from ..keys import catalog_key, clock_key
from ..staff_notify import CampaignForm, ScheduleForm, campaign_topics
from .access import action_visit, back, flash, page_context, page_visit, refuse

FACT_NAMES = {"birth_date": "出生日期", "id_card_expires_on": "身份证到期日",
              "driving_licence_expires_on": "驾驶证到期日", "child_birth_date": "子女出生日期",
              "business_registered_on": "企业成立日期"}
STATUS_NAMES = {"draft": "草稿", "scheduled": "已排期", "cancelled": "已取消"}
ROW_NAMES = {"pending": "待发送", "claimed": "发送中", "sent": "已发送", "skipped": "未发送（不符合条件）",
             "failed": "发送失败", "unknown": "结果未知", "cancelled": "已撤回", "dropped": "已放弃"}
assert set(FACT_NAMES) == set(get_args(DateFact))


def campaign_row(c: Campaign, catalog: Any) -> dict[str, Any]:
    item = catalog.item(c.item)
    seg = Segment.of(c.segment)
    hall = catalog.hall(seg.hall) if seg.hall else None
    parts = []
    if seg.fact:
        span = "～".join(d.isoformat() if d else "" for d in (seg.on_from, seg.on_to))
        span = span if seg.on_from or seg.on_to else ""
        parts.append(FACT_NAMES.get(seg.fact, seg.fact) + (f" {span}" if span else ""))
    if hall:
        parts.append(f"在{hall.short_name}办过事")
    return {"id": c.id, "item": item.short_name if item else c.item, "topic": TOPIC_NAMES.get(c.topic, c.topic),
            "message": c.message, "status": c.status, "status_name": STATUS_NAMES.get(c.status, c.status),
            "send_at": c.send_at.astimezone(SHANGHAI) if c.send_at else None, "queued": c.queued,
            "created_by": c.created_by, "segment": "，".join(parts) or "所有同意接收的关注者"}


def form_context(request: web.Request) -> dict[str, Any]:
    catalog = request.app[catalog_key]
    return {"items": [(i.code, i.short_name) for i in catalog.items.values()],
            "topics": [(t, TOPIC_NAMES.get(t, t)) for t in campaign_topics()],
            "facts": list(FACT_NAMES.items()), "all_halls": list(catalog.halls.values())}


async def campaign_here(request: web.Request) -> Campaign:
    raw = request.match_info["id"]
    campaign = await Campaign.get_or_none(id=int(raw)) if raw.isdigit() and len(raw) <= 9 else None
    if campaign is None:
        raise refuse(request, 404, "没有这个活动，请回到列表再选。")
    return campaign


async def get_campaigns(request: web.Request) -> web.StreamResponse:
    visit = await page_visit(request, "campaigns")
    catalog = request.app[catalog_key]
    rows = [campaign_row(c, catalog) for c in await Campaign.all().order_by("-id").limit(50)]
    return aiohttp_jinja2.render_template("campaigns.html", request, await page_context(
        request, visit, "campaigns", title="主动服务", campaigns=rows, **form_context(request)))


def problem_text(exc: ValidationError) -> str:
    where = {e["loc"][0] if e["loc"] else "" for e in exc.errors()}
    if "message" in where:
        return "请填写消息内容（4到200字）。"
    if "topic" in where:
        return "请选择群众同意接收的提醒类别。"
    if "item" in where:
        return "请选择消息对应的事项。"
    return "筛选条件不对：选了日期就要选日期类别，开始日期不能晚于结束日期。"


async def post_campaign(request: web.Request) -> web.StreamResponse:
    visit, form = await action_visit(request, "campaigns")
    catalog = request.app[catalog_key]
    blank = {k: (form.get(k, "").strip() or None) for k in ("fact", "on_from", "on_to", "hall")}
    try:
        checked = CampaignForm.model_validate({"item": form.get("item", ""), "topic": form.get("topic", ""),
                                               "message": form.get("message", "").strip(), "segment": blank})
    except ValidationError as exc:
        await flash(request, visit, problem_text(exc))
        raise back("/console/campaigns") from None
    if catalog.item(checked.item) is None or (checked.segment.hall and catalog.hall(checked.segment.hall) is None):
        await flash(request, visit, "没有这个事项或大厅，请从列表中选择。")
        raise back("/console/campaigns")
    campaign = await create(item=checked.item, topic=checked.topic, message=checked.message,
                            segment=Segment(**checked.segment.model_dump()), staff=visit.staff.name,
                            now=request.app[clock_key].now())
    await flash(request, visit, "草稿已保存。请核对人数和预览，再排期发送。")
    raise back(f"/console/campaigns/{campaign.id}")


async def get_campaign(request: web.Request) -> web.StreamResponse:
    visit = await page_visit(request, "campaigns")
    campaign = await campaign_here(request)
    catalog = request.app[catalog_key]
    count, message = await preview(campaign, shipped_rules(), catalog)
    found = await progress(campaign.id)
    rows = [(ROW_NAMES.get(s, s), n) for s, n in sorted(found["status"].items())]
    return aiohttp_jinja2.render_template("campaign.html", request, await page_context(
        request, visit, "campaigns", title=f"活动 #{campaign.id}", campaign=campaign_row(campaign, catalog),
        count=count, preview=message.text, progress=rows, delivery=sorted(found["delivery"].items())))


async def post_schedule(request: web.Request) -> web.StreamResponse:
    visit, form = await action_visit(request, "campaigns")
    campaign = await campaign_here(request)
    now = request.app[clock_key].now()
    try:
        send_at = ScheduleForm.model_validate({"send_at": form.get("send_at", "").strip() or None}).send_at
    except ValidationError:
        await flash(request, visit, "发送时间不对，请选择日期和时间，或留空立即发送。")
        raise back(f"/console/campaigns/{campaign.id}") from None
    try:
        done = await schedule(campaign.id, send_at or now, staff=visit.staff.name, now=now)
    except CampaignError as exc:
        await flash(request, visit, exc.message)
        raise back(f"/console/campaigns/{campaign.id}") from None
    due = done.send_at.astimezone(SHANGHAI) if done.send_at else now.astimezone(SHANGHAI)
    await flash(request, visit, f"已排期：{done.queued} 人，{due:%m-%d %H:%M} 起发送（夜间顺延到早上8点）。")
    raise back(f"/console/campaigns/{campaign.id}")


async def post_cancel(request: web.Request) -> web.StreamResponse:
    visit, _ = await action_visit(request, "campaigns")
    campaign = await campaign_here(request)
    try:
        _, withdrawn = await cancel(campaign.id, staff=visit.staff.name, now=request.app[clock_key].now())
    except CampaignError as exc:
        await flash(request, visit, exc.message)
        raise back(f"/console/campaigns/{campaign.id}") from None
    await flash(request, visit, f"活动已取消，撤回了 {withdrawn} 条还没发出的消息。")
    raise back(f"/console/campaigns/{campaign.id}")


routes = [
    web.get("/console/campaigns", get_campaigns),
    web.post("/console/campaigns", post_campaign),
    web.get("/console/campaigns/{id}", get_campaign),
    web.post("/console/campaigns/{id}/schedule", post_schedule),
    web.post("/console/campaigns/{id}/cancel", post_cancel),
]
