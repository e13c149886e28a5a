"""Consent, encoded: subscriptions per citizen and topic, one-time grants, the 48-hour window.

    subscribe(citizen, topics, now=...)    "提醒我…": takes effect at once
    unsubscribe(citizen, topics, now=...)  "不要再提醒了": at once, also for services the citizen started
    consents(citizen, rule)                opt_in rules need a yes; opt_out rules go unless withdrawn
    add_grants / spend_grant               一次性订阅 (the official account's and the mini-program's, by
                                           template): one accepted grant per send, counted
    note_message / within_window           客服消息: only within 48 hours of the citizen's last message;
    await_message                          a staff reply waits for the next message (note_message brings it
                                           forward: one Redis round trip a message, SQL only when one waits)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from redis.asyncio import Redis
from tortoise.expressions import F

from .models import Outbox, SubscribeGrant, Subscription
from .rules import Rule

ALL = "all"
SERVICE_WINDOW = timedelta(hours=48)
STAFF_REPLY_KINDS = ("handoff_reply", "complaint_reply")  # the outbox kinds of rules/StaffReply


def _window_key(citizen: str) -> str:
    return f"notify:last_message:{citizen}"


async def subscribe(citizen: str, topics: Iterable[str], *, now: datetime, via: str = "chat") -> list[str]:
    changed = []
    for topic in topics:
        await Subscription.update_or_create({"active": True, "changed_at": now, "via": via}, citizen=citizen,
                                            topic=topic)
        changed.append(topic)
    if ALL in changed:  # a yes to everything replaces earlier noes to single topics (rows kept: ids stay valid)
        await Subscription.filter(citizen=citizen, active=False).exclude(topic=ALL).update(
            active=True, changed_at=now, via=via)
    return changed


async def unsubscribe(citizen: str, topics: Iterable[str], *, now: datetime, via: str = "chat") -> list[str]:
    changed = []
    for topic in topics:
        await Subscription.update_or_create({"active": False, "changed_at": now, "via": via}, citizen=citizen,
                                            topic=topic)
        changed.append(topic)
    if ALL in changed:  # a no to everything: every single topic too
        await Subscription.filter(citizen=citizen, active=True).exclude(topic=ALL).update(
            active=False, changed_at=now, via=via)
    return changed


async def subscribed_topics(citizen: str) -> dict[str, bool]:
    return {s.topic: s.active for s in await Subscription.filter(citizen=citizen)}


def consents_to(topics: dict[str, bool], rule: Rule) -> bool:
    """The topic's own answer first, then the answer for all; opt-out rules go without either."""
    if rule.topic in topics:
        return topics[rule.topic]
    if ALL in topics:
        return topics[ALL]
    return rule.consent == "opt_out"


async def consents(citizen: str, rule: Rule) -> bool:
    return consents_to(await subscribed_topics(citizen), rule)


async def add_grants(citizen: str, template_id: str, count: int, *, now: datetime) -> int:
    """Accepted one-time grants (subscribe_msg_popup_event, wx.requestSubscribeMessage): one send each.
    A staff reply that waited for a way to reach the citizen is due now (the grant may be that way)."""
    row, _ = await SubscribeGrant.get_or_create({"remaining": 0, "updated_at": now}, citizen=citizen,
                                                template_id=template_id)
    await SubscribeGrant.filter(id=row.id).update(remaining=F("remaining") + count, updated_at=now)
    await Outbox.filter(citizen=citizen, kind__in=list(STAFF_REPLY_KINDS), status="pending",
                        due_at__gt=now).update(due_at=now, error=None)
    return (await SubscribeGrant.get(id=row.id)).remaining


async def spend_grant(citizen: str, template_id: str, *, now: datetime) -> bool:
    """Take one grant, if any is left: atomic, so two dispatchers never spend the same one."""
    return await SubscribeGrant.filter(citizen=citizen, template_id=template_id, remaining__gt=0).update(
        remaining=F("remaining") - 1, updated_at=now) > 0


async def give_back_grant(citizen: str, template_id: str, *, now: datetime) -> None:
    """The send did not happen (a network error): the grant was not used."""
    await SubscribeGrant.filter(citizen=citizen, template_id=template_id).update(
        remaining=F("remaining") + 1, updated_at=now)


def _awaited_key(citizen: str) -> str:
    return f"notify:awaiting_message:{citizen}"


async def note_message(redis: Redis, citizen: str, at: datetime) -> None:
    """The citizen wrote to us: customer-service messages may follow for 48 hours, and a staff reply
    that waited for this is due now."""
    async with redis.pipeline(transaction=True) as pipe:
        pipe.set(_window_key(citizen), str(int(at.timestamp())), ex=int(SERVICE_WINDOW.total_seconds()))
        pipe.getdel(_awaited_key(citizen))
        _, awaited = await pipe.execute()
    if awaited is not None:
        await Outbox.filter(citizen=citizen, kind__in=list(STAFF_REPLY_KINDS), status="pending").update(
            due_at=at, error=None)


async def await_message(redis: Redis, citizen: str, longest: timedelta) -> None:
    """A staff reply waits for this citizen's next message (for `longest` at most)."""
    await redis.set(_awaited_key(citizen), "1", ex=max(int(longest.total_seconds()), 1))


async def within_window(redis: Redis, citizen: str, now: datetime) -> bool:
    last = await redis.get(_window_key(citizen))
    if last is None:
        return False
    return now.timestamp() - int(last) < SERVICE_WINDOW.total_seconds()
