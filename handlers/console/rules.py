"""The reminder rules (admins, supervisors), read-only: notify/data/rules.yaml as the hall's staff read it.

    GET /console/rules

Each rule with its trigger in words, the item, the consent it needs, the channels in the order they are
tried, and the message rendered with sample values as a citizen would read it. The file is reviewed data:
a change goes through review and `python main.py` start (tests/notify/test_rules.py checks it).
"""

from __future__ import annotations

import string
from typing import Any

import aiohttp_jinja2
from aiohttp import web

from catalog import Catalog
from notify import TOPIC_NAMES, Rule, shipped_rules
from notify.rules import AgeReached, DateWithinDays, StaffReply, StageChange, YearlyWindow

from ..keys import catalog_key
from .access import page_context, page_visit
from .campaigns import FACT_NAMES

CHANNEL_NAMES = {"customer_service": "客服消息（48小时内）", "subscribe_once": "一次性订阅消息",
                 "subscribe_long": "长期订阅消息", "template": "模板消息"}
STATUS_NAMES = {"in_progress": "办理中", "supplement": "需补正", "completed": "办结", "rejected": "不予受理"}
REPLY_NAMES = {"handoff_reply": "转人工的回复", "complaint_reply": "投诉的答复"}
SAMPLE = {"date": "2027年1月15日", "days_left": "30", "year": "2027", "window_to": "5月31日", "time": "09:30",
          "code": "K7Q2M9XA", "number": "BJ20261125000001", "stage": "审核", "promised_on": "12月4日",
          "missing": "户口簿", "text": "（活动的消息内容）", "reply": "（工作人员的回复）"}


class _Sample(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return f"（{key}）"


def trigger_text(rule: Rule) -> str:
    t = rule.trigger
    if isinstance(t, AgeReached):
        who = "孩子" if t.fact == "child_birth_date" else {"male": "男性", "female": "女性", None: ""}[t.sex]
        return f"{who}年满{t.years}周岁" + (f"前{t.lead_days}天" if t.lead_days else "当天")
    if isinstance(t, DateWithinDays):
        return f"{FACT_NAMES.get(t.fact, t.fact)}前{t.days}天内"
    if isinstance(t, YearlyWindow):
        ages = f"{t.min_age}" + (f"至{t.max_age}" if t.max_age not in (None, t.min_age) else "")
        return f"每年{t.window_from}至{t.window_to}，{t.age_on}时{ages}周岁（{FACT_NAMES.get(t.fact, t.fact)}）"
    if isinstance(t, StageChange):
        return "办件" + "、".join(STATUS_NAMES.get(s, s) for s in t.statuses) + "时"
    if isinstance(t, StaffReply):
        return f"工作人员写了{REPLY_NAMES.get(t.outbox_kind, t.outbox_kind)}"
    return {"day_before_appointment": "预约的前一天", "campaign": "工作人员排期的主动服务活动"}.get(t.kind, t.kind)


def sample_values(rule: Rule, catalog: Catalog) -> _Sample:
    item = catalog.item(rule.item or "")
    hall = next(iter(catalog.halls.values()), None)
    years = getattr(rule.trigger, "years", 60)
    return _Sample(SAMPLE | {"item_name": item.name if item else "办事事项", "years": str(years),
                             "hall_name": hall.name if hall else "政务服务中心"})


def rule_row(rule: Rule, catalog: Catalog) -> dict[str, Any]:
    values = sample_values(rule, catalog)
    item = catalog.item(rule.item or "")
    return {"id": rule.id, "topic": TOPIC_NAMES.get(rule.topic, rule.topic), "trigger": trigger_text(rule),
            "item": item.short_name if item else (rule.item or "—"), "item_code": rule.item if item else None,
            "consent": ("群众提问后的回复，不需另行同意" if isinstance(rule.trigger, StaffReply)
                        else "需要群众同意" if rule.consent == "opt_in" else "默认发送，群众可退订"),
            "channels": [CHANNEL_NAMES.get(c, c) for c in rule.channels],
            "message": string.Formatter().vformat(rule.message, (), values),
            "fields": [(k, string.Formatter().vformat(v, (), values)) for k, v in rule.fields.items()],
            "template_id": rule.template_id, "needs": rule.needs}


async def get_rules(request: web.Request) -> web.StreamResponse:
    visit = await page_visit(request, "rules")
    catalog = request.app[catalog_key]
    rows = [rule_row(r, catalog) for r in shipped_rules().rules]
    return aiohttp_jinja2.render_template("rules.html", request, await page_context(
        request, visit, "rules", title="提醒规则", rules=rows))


routes = [web.get("/console/rules", get_rules)]
