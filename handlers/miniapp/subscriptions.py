"""The citizen's reminders in the app (the same consent as "提醒我…" in chat, notify/consent.py):

    GET    /api/v1/subscriptions                     my topics (yes or no), the topics offered, my pending reminders,
                                                     the mini-program's templates to ask wx.requestSubscribeMessage for
    POST   /api/v1/subscriptions {topic, grants}     say yes to a topic (or "all"); `grants` is the result of
                                                     wx.requestSubscribeMessage ({template id: accept|reject|…}):
                                                     each accept is one one-time send, a reject a refusal
    DELETE /api/v1/subscriptions/{id}                withdraw it ("不要再提醒了"): at once → 204
    POST   /api/v1/subscribe-grants {grants}         only wx.requestSubscribeMessage's result (e.g. after 转人工,
                                                     for the staff reply's template): no topic changes

Signed in. Another citizen's id answers 404 like one that does not exist.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from aiohttp import web
from pydantic import BaseModel, Field, field_validator

from bot.reminders import kind_name
from notify import ALL, TOPIC_NAMES, add_grants, pending_of, shipped_rules, subscribe, unsubscribe
from notify.models import Subscription
from notify.reports import refuse
from notify.rules import NOT_REMINDERS

from ..citizens import citizen_of
from ..keys import clock_key
from ..validation import Strict, read_json, read_path
from .errors import api_error
from .idempotency import idempotent
from .models import Lenient
from .responses import model_response

NOT_FOUND = ("not_found", "没有找到这条提醒设置，请刷新后再试。")
TemplateId = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{1,64}$")]
Grants = dict[TemplateId, Literal["accept", "reject", "ban", "filter"]]


def offered_topics() -> list[str]:
    return sorted({r.topic for r in shipped_rules().rules if r.trigger.kind not in NOT_REMINDERS})


class SubscriptionForm(Strict):
    topic: str = Field(examples=["id_card"], description="a topic from `topics` in GET, or \"all\"")
    grants: Grants = Field(
        default_factory=dict, max_length=10,
        description="wx.requestSubscribeMessage's result: accept adds one one-time send, reject is a refusal")

    @field_validator("topic")
    @classmethod
    def _offered(cls, topic: str) -> str:
        if topic != ALL and topic not in offered_topics():
            raise ValueError(f"one of {[ALL, *offered_topics()]}")
        return topic


class GrantsForm(Strict):
    grants: Grants = Field(min_length=1, max_length=10, examples=[{"MINI_STAFF_REPLY": "accept"}],
                           description="wx.requestSubscribeMessage's result: each accept allows one send")


class GrantsOut(BaseModel):
    remaining: dict[str, int] = Field(description="sends left per template accepted now")
    refused: list[str] = Field(description="templates refused now: nothing goes through them")


class SubscriptionPath(Lenient):
    id: int = Field(ge=1, le=2**31 - 1)


class SubscriptionOut(BaseModel):
    id: int
    topic: str
    topic_name: str = Field(examples=["身份证"])
    active: bool = Field(description="true: reminders come; false: withdrawn")
    via: str = Field(description="chat, miniapp or wechat (the official account's pop-up)")
    changed_at: str

    @classmethod
    def of(cls, s: Subscription) -> SubscriptionOut:
        return cls(id=s.id, topic=s.topic, topic_name=TOPIC_NAMES.get(s.topic, s.topic), active=s.active, via=s.via,
                   changed_at=s.changed_at.isoformat())


class TopicOut(BaseModel):
    topic: str
    name: str


class TemplateOut(BaseModel):
    template_id: str = Field(examples=["MINI_STAFF_REPLY"])
    topics: list[str] = Field(description="what comes through it (service: a staff reply to what you asked)")


def mini_templates() -> list[TemplateOut]:
    by_template: dict[str, set[str]] = {}
    for rule in shipped_rules().rules:
        if rule.mini_template_id is not None and "mini_subscribe" in rule.channels:
            by_template.setdefault(rule.mini_template_id, set()).add(rule.topic)
    return [TemplateOut(template_id=t, topics=sorted(topics)) for t, topics in sorted(by_template.items())]


class PendingOut(BaseModel):
    name: str = Field(examples=["身份证到期"])
    due_at: str = Field(description="when it goes at the earliest (never 21:00-08:00)")


class SubscriptionList(BaseModel):
    subscriptions: list[SubscriptionOut]
    topics: list[TopicOut] = Field(description="what can be subscribed to")
    pending: list[PendingOut] = Field(description="my reminders still to come, the soonest first")
    templates: list[TemplateOut] = Field(description="the mini-program's subscribe templates: ask "
                                         "wx.requestSubscribeMessage for them; each accept allows one message")


async def get_subscriptions(request: web.Request) -> web.Response:
    citizen = await citizen_of(request)
    rows = await Subscription.filter(citizen=citizen).order_by("id")
    return model_response(SubscriptionList(
        subscriptions=[SubscriptionOut.of(s) for s in rows],
        topics=[TopicOut(topic=t, name=TOPIC_NAMES.get(t, t)) for t in [ALL, *offered_topics()]],
        pending=[PendingOut(name=kind_name(r.kind), due_at=r.due_at.isoformat()) for r in await pending_of(citizen)],
        templates=mini_templates()))


async def post_subscription(request: web.Request) -> web.Response:
    citizen = await citizen_of(request)

    async def produce() -> web.Response:
        form = await read_json(request, SubscriptionForm)
        now = request.app[clock_key].now()
        await subscribe(citizen, [form.topic], now=now, via="miniapp")
        await record_grants(citizen, form.grants, now=now)
        row = await Subscription.get(citizen=citizen, topic=form.topic)
        return model_response(SubscriptionOut.of(row), status=201)

    return await idempotent(request, citizen, produce)


async def record_grants(citizen: str, grants: Grants, *, now: datetime) -> GrantsOut:
    out = GrantsOut(remaining={}, refused=[])
    for template, answer in grants.items():
        if answer == "accept":
            out.remaining[template] = await add_grants(citizen, template, 1, now=now)
        elif answer == "reject":
            await refuse(citizen, template, "rejected in the mini-program", now=now)
            out.refused.append(template)
    return out


async def post_grants(request: web.Request) -> web.Response:
    citizen = await citizen_of(request)

    async def produce() -> web.Response:
        form = await read_json(request, GrantsForm)
        return model_response(await record_grants(citizen, form.grants, now=request.app[clock_key].now()))

    return await idempotent(request, citizen, produce)


async def delete_subscription(request: web.Request) -> web.Response:
    citizen = await citizen_of(request)
    sid = read_path(request, SubscriptionPath, not_found=NOT_FOUND).id
    row = await Subscription.get_or_none(id=sid, citizen=citizen)
    if row is None:
        raise api_error(404, *NOT_FOUND)
    await unsubscribe(citizen, [row.topic], now=request.app[clock_key].now(), via="miniapp")
    return web.Response(status=204)
