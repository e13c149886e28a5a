"""Dispatch: send due outbox rows through the WeChat platform, each at most once, most exactly once.

A run (1) recovers rows whose dispatcher stopped: `claimed` past its lease goes back to `pending`
(nothing was sent), `sending` past its lease becomes `unknown` (the platform may have it: never resent
by itself, listed for staff); (2) claims a batch of due `pending` rows under a lease; (3) delivers the
batch `concurrency` citizens at a time (one citizen's rows one after another, so the daily cap holds):
for each row checks consent, quiet hours, the daily cap and a channel, takes a slot of the shared rate,
marks it `sending`, calls the platform, and marks it `sent` only after the platform accepted it. See
docs/ARCHITECTURE.md, "Pushes: at most once, and once".

Two apps reach a citizen: the official account (chat within 48 hours, its subscribe and template
messages, to its openid) and the mini-program (`mini_subscribe`: subscribeMessage.send with the
mini-program's own access token, to its openid, one counted one-time grant per send).
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from redis.asyncio import Redis
from tortoise.expressions import F

from catalog import Catalog
from core.privacy import mask_citizen_id
from identity import PushAddresses, push_addresses_of
from wechat import PlatformError, PlatformUnavailable, WeChatClient

from .consent import await_message, consents_to, give_back_grant, spend_grant, subscribed_topics, within_window
from .models import DEAD, Outbox
from .policy import DAILY_CAP, LEASE, MAX_ATTEMPTS, allowed_from, backoff, day_start, judge, next_morning, quiet
from .ratelimit import take_send_slot
from .render import Message, render, rule_for, sent_kinds
from .reports import final_refusal, refuse, refused
from .rules import CampaignSend, Channel, Rule, RulesFile, StaffReply

log = logging.getLogger(__name__)

BATCH = 100
RATE = 20  # messages a second, all workers together
CONCURRENCY = 10  # citizens one dispatcher delivers to at once (pushes at the platform at once)
CLAIM_TRIES = 3  # claims in a row lost to other dispatchers before a batch gives up
RUN_BATCHES = 20  # batches one run of the job dispatches at most (a minute's job: up to 2,000 rows)
# A failure that happened before the request reached the platform: safe to send again.
NOT_SENT = ("failing fast", "HTTP 5", "errcode -1", "ClientConnectorError", "ClientOSError")
GRANTED: tuple[Channel, ...] = ("subscribe_once", "mini_subscribe")  # one counted one-time grant a send
REPLY_WAIT = timedelta(days=7)  # a staff reply outside the 48 hours waits this long for the citizen to write


@dataclass
class DispatchReport:
    sent: int = 0
    deferred: int = 0  # quiet hours, cap, a retry later
    skipped: int = 0
    dead: int = 0
    recovered: int = 0
    put_back: int = 0  # left pending untouched: the platform stopped answering
    outcomes: dict[str, int] = field(default_factory=dict)

    def count(self, outcome: str) -> None:
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1
        if outcome in ("sent", "deferred", "skipped", "dead"):
            setattr(self, outcome, getattr(self, outcome) + 1)

    def add(self, other: DispatchReport) -> None:
        for name in ("sent", "deferred", "skipped", "dead", "recovered", "put_back"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for k, v in other.outcomes.items():
            self.outcomes[k] = self.outcomes.get(k, 0) + v


@dataclass(frozen=True)
class Dispatcher:
    client: WeChatClient
    redis: Redis
    rules: RulesFile
    catalog: Catalog
    rate: int = RATE
    daily_cap: int = DAILY_CAP
    mini: WeChatClient | None = None  # the mini-program's client (its AppID, its token); None: no mini_subscribe
    concurrency: int = CONCURRENCY
    batch: int = BATCH

    def client_for(self, channel: Channel) -> WeChatClient:
        if channel == "mini_subscribe":
            assert self.mini is not None
            return self.mini
        return self.client


def delivered_maybe(exc: PlatformUnavailable, api: str) -> bool:
    """Whether the platform may have got the message although no answer came (a timeout, a dropped
    connection after the request was written). Token fetches and fail-fast refusals never sent it."""
    if exc.api != api:
        return False
    return not exc.reason.startswith(NOT_SENT)


async def recover(now: datetime) -> int:
    """Rows whose dispatcher stopped: claimed → pending again; sending → unknown (dead letter)."""
    back = await Outbox.filter(status="claimed", lease_until__lt=now).update(
        status="pending", claim=None, lease_until=None)
    lost = await Outbox.filter(status="sending", lease_until__lt=now).update(
        status="unknown", claim=None, lease_until=None,
        error="worker stopped during the call: the platform may have it; not resent by itself")
    return back + lost


async def claim(kinds: Sequence[str], *, now: datetime, batch: int) -> tuple[str, list[Outbox]]:
    """Due pending rows, taken under a lease with this run's token. Another dispatcher that took the same
    rows a moment before wins them (the UPDATE re-checks `pending`); then the next due ones are tried."""
    token = secrets.token_hex(8)
    for _ in range(CLAIM_TRIES):
        ids = await Outbox.filter(status="pending", due_at__lte=now, kind__in=list(kinds)).order_by(
            "due_at", "id").limit(batch).values_list("id", flat=True)
        if not ids:
            break
        await Outbox.filter(id__in=list(ids), status="pending").update(
            status="claimed", claim=token, lease_until=now + LEASE)
        rows = await Outbox.filter(claim=token, status="claimed").order_by("due_at", "id")
        if rows:
            return token, rows
    return token, []


async def _settle(row: Outbox, token: str, **changes: object) -> None:
    await Outbox.filter(id=row.id, claim=token).update(**changes)


async def _wait(row: Outbox, token: str, until: datetime, why: str) -> None:
    await _settle(row, token, status="pending", claim=None, lease_until=None, due_at=until, error=why)


def template_of(rule: Rule, channel: Channel) -> str | None:
    """The template a channel sends through: the mini-program's own for mini_subscribe."""
    if channel == "customer_service":
        return None
    return rule.mini_template_id if channel == "mini_subscribe" else rule.template_id


async def _channel(d: Dispatcher, rule: Rule, row: Outbox, to: PushAddresses, *, now: datetime) -> Channel | None:
    """The first of the rule's channels that can reach the citizen now (a one-time grant it takes is spent)."""
    for channel in rule.channels:
        template = template_of(rule, channel)
        if channel == "mini_subscribe":
            if to.mini_openid is None or d.mini is None or template is None:
                continue
        elif to.oa_openid is None:
            continue
        if template is not None and await refused(row.citizen, template):
            continue  # the citizen refused this template: 43101 would come back
        if channel == "customer_service" and await within_window(d.redis, row.citizen, now):
            return channel
        if channel in GRANTED and template and await spend_grant(row.citizen, template, now=now):
            return channel
        if channel in ("subscribe_long", "template"):
            return channel
    return None


async def _call(d: Dispatcher, channel: Channel, to: PushAddresses, rule: Rule,
                message: Message) -> str | None:
    """Send; the template msgid, if any."""
    if channel == "mini_subscribe":
        assert d.mini is not None and to.mini_openid is not None and rule.mini_template_id is not None
        await d.mini.send_mini_subscribe(to.mini_openid, rule.mini_template_id, message.data)
        return None
    openid = to.oa_openid
    assert openid is not None
    if channel == "customer_service":
        await d.client.send_text(openid, message.text)
        return None
    assert rule.template_id is not None
    if channel == "template":
        return await d.client.send_template(openid, rule.template_id, message.data)
    await d.client.send_subscribe(openid, rule.template_id, message.data)
    return None


API_OF: dict[str, str] = {"customer_service": "cgi-bin/message/custom/send",
                          "template": "cgi-bin/message/template/send",
                          "subscribe_once": "cgi-bin/message/subscribe/bizsend",
                          "subscribe_long": "cgi-bin/message/subscribe/bizsend",
                          "mini_subscribe": "cgi-bin/message/subscribe/send"}


def consent_rule(rule: Rule, row: Outbox) -> Rule:
    """A campaign's row needs consent for its campaign's topic (opt-in always), not the rule's."""
    if isinstance(rule.trigger, CampaignSend):
        return rule.model_copy(update={"topic": str(row.payload.get("topic") or rule.topic), "consent": "opt_in"})
    return rule


async def deliver(d: Dispatcher, row: Outbox, token: str, *, now: datetime) -> str:
    """One claimed row to its end or its next try; returns the outcome's name."""
    rule = rule_for(row, d.rules)
    if rule is None:
        await _settle(row, token, status="skipped", claim=None, error="no rule sends this kind")
        return "skipped"
    asked = isinstance(rule.trigger, StaffReply)  # an answer to the citizen's own question: no consent needed
    if not asked and not consents_to(await subscribed_topics(row.citizen), consent_rule(rule, row)):
        await _settle(row, token, status="skipped", claim=None, error="no consent for this topic")
        return "skipped"
    if quiet(now):
        await _wait(row, token, next_morning(now), "quiet hours")
        return "deferred"
    if await Outbox.filter(citizen=row.citizen, status="sent", sent_at__gte=day_start(now)).count() >= d.daily_cap:
        await _wait(row, token, next_morning(now), "daily cap reached")
        return "deferred"
    to = await push_addresses_of(row.citizen)
    if to.oa_openid is None and to.mini_openid is None:
        await _settle(row, token, status="skipped", claim=None,
                      error="neither a follower of the official account nor a user of the mini-program")
        return "skipped"
    channel = await _channel(d, rule, row, to, now=now)
    if channel is None and asked:
        return await _wait_for_message(d, row, token, now=now)
    if channel is None:
        await _settle(row, token, status="skipped", claim=None, error="no channel: not within 48 hours, no grant")
        return "skipped"
    message = render(rule, row, d.catalog)
    await take_send_slot(d.redis, d.rate)
    template = template_of(rule, channel)
    if not await Outbox.filter(id=row.id, claim=token, status="claimed").update(
            status="sending", channel=channel, attempts=F("attempts") + 1):
        if channel in GRANTED and template:  # the lease ran out and another dispatcher has it: no send here
            await give_back_grant(row.citizen, template, now=now)
        return "lost"
    attempts = row.attempts + 1
    try:
        msgid = await _call(d, channel, to, rule, message)
    except PlatformError as exc:
        verdict = judge(exc.errcode, f"errcode {exc.errcode} ({exc.errmsg[:80]})")
        if exc.errcode == 43101 and template:
            await refuse(row.citizen, template, "43101 on send", now=now)
        return await _failed(row, token, rule, channel, attempts, verdict.retry, verdict.reason, now=now)
    except PlatformUnavailable as exc:
        if delivered_maybe(exc, API_OF[channel]):
            await _settle(row, token, status="unknown", claim=None, lease_until=None,
                          error=f"no answer ({exc.reason[:80]}): the platform may have it; not resent by itself")
            log.warning("push %s to %s: outcome unknown", row.id, mask_citizen_id(row.citizen))
            return "dead"
        return await _failed(row, token, rule, channel, attempts, True, exc.reason[:120], now=now)
    await _settle(row, token, status="sent", claim=None, lease_until=None, sent_at=now, msgid=msgid, error=None)
    return "sent"


async def _wait_for_message(d: Dispatcher, row: Outbox, token: str, *, now: datetime) -> str:
    """A staff reply outside the 48-hour window and with no mini-program grant: it waits for the
    citizen's next message (note_message brings it forward) or grant (add_grants does), for REPLY_WAIT
    after it was written; then it is given up."""
    until = row.created_at + REPLY_WAIT
    if now >= until:
        await _settle(row, token, status="skipped", claim=None,
                      error=f"the citizen did not write again within {REPLY_WAIT.days} days: no 48-hour window")
        return "skipped"
    await await_message(d.redis, row.citizen, until - now)
    if await within_window(d.redis, row.citizen, now):  # they wrote meanwhile: it goes on the next run
        until = now
    await _wait(row, token, until, "waiting for the citizen's next message (outside the 48-hour window)")
    return "deferred"


async def _failed(row: Outbox, token: str, rule: Rule, channel: Channel, attempts: int, retry: bool, reason: str,
                  *, now: datetime) -> str:
    template = template_of(rule, channel)
    if channel in GRANTED and retry and template:
        await give_back_grant(row.citizen, template, now=now)
    if retry and attempts < MAX_ATTEMPTS:
        await _wait(row, token, allowed_from(now + backoff(attempts)), f"retry {attempts}: {reason}")
        return "deferred"
    await _settle(row, token, status="failed", claim=None, lease_until=None,
                  error=reason if not retry else f"gave up after {attempts} attempts: {reason}")
    return "dead"


def by_citizen(rows: Sequence[Outbox]) -> list[list[Outbox]]:
    """The batch in groups of one citizen's rows, in the order claimed."""
    groups: dict[str, list[Outbox]] = {}
    for row in rows:
        groups.setdefault(row.citizen, []).append(row)
    return list(groups.values())


async def dispatch_due(d: Dispatcher, *, now: datetime, batch: int | None = None) -> DispatchReport:
    """One batch: recover, claim, deliver to `d.concurrency` citizens at once (each citizen's rows in
    turn). A platform that stops answering ends it early: the rows not begun go back to pending untouched."""
    report = DispatchReport(recovered=await recover(now))
    token, rows = await claim(sent_kinds(d.rules), now=now, batch=batch or d.batch)
    gate = asyncio.Semaphore(d.concurrency)

    async def deliver_in_turn(rows: list[Outbox]) -> None:
        async with gate:
            for row in rows:
                if d.client.breaker.is_open:
                    await _settle(row, token, status="pending", claim=None, lease_until=None)
                    report.put_back += 1
                    continue
                report.count(await deliver(d, row, token, now=now))

    async with asyncio.TaskGroup() as group:  # a failure cancels the rest: their rows wait for the lease
        for rows_of_one in by_citizen(rows):
            group.create_task(deliver_in_turn(rows_of_one))
    return report


async def dispatch_run(d: Dispatcher, now: Callable[[], datetime], *, batches: int = RUN_BATCHES) -> DispatchReport:
    """The job's run: batch after batch while rows are due (at most `batches`), stopping early when a
    batch found nothing to do or the platform stopped answering."""
    total = DispatchReport()
    for _ in range(batches):
        report = await dispatch_due(d, now=now())
        total.add(report)
        if not report.outcomes or report.put_back:
            break
    return total


async def dead_letters(limit: int = 100, *, before: int | None = None) -> list[Outbox]:
    """Rows that will not go by themselves (failed, unknown), newest first, for staff."""
    query = Outbox.filter(status__in=list(DEAD))
    if before is not None:
        query = query.filter(id__lt=before)
    return await query.order_by("-id").limit(limit)


async def resend(row_id: int, *, now: datetime) -> bool:
    """Staff decided a dead letter should go again (e.g. they checked an unknown one did not arrive).
    Never a refusal (43101, user block): False, as for a row that is not a dead letter."""
    row = await Outbox.get_or_none(id=row_id, status__in=list(DEAD))
    if row is None or final_refusal(row):
        return False
    return await Outbox.filter(id=row_id, status__in=list(DEAD)).update(
        status="pending", due_at=now, attempts=0, delivery=None, error="resent by staff") > 0


async def record_delivery(msgid: str, status: str) -> bool:
    """TEMPLATESENDJOBFINISH: the platform's final word on a template message (success, failed:…)."""
    return await Outbox.filter(msgid=msgid).update(delivery=status[:32]) > 0
