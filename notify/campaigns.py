"""Staff campaigns: a message to a segment of consenting citizens, through the same outbox and dispatch.

    create(form, staff=..., now=...)         a draft: item, topic, message, segment
    segment_citizens(campaign)               who it would reach: a yes to the topic (or to all, without a
                                             no to the topic), following the official account, and the
                                             segment's filters (a fact in a date range, a hall)
    preview(campaign, catalog)               the count and the message as the first of them would get it
    schedule(campaign, send_at, ...)         the outbox rows, one per citizen (unique), due at send_at moved
                                             out of the quiet hours; the dispatcher checks consent, caps and
                                             channels again before each send
    progress(campaign)                       the rows by status and the platform's delivery reports
    cancel(campaign, ...)                    rows not yet sending are withdrawn

Only the citizens who consented are ever targeted: the official account's broadcast (群发) is never used.
Every step is written in the staff audit (staff_actions).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from tortoise.transactions import in_transaction

from appointments.models import BookingRow
from catalog import Catalog
from identity.citizens import Citizen
from identity.staff_actions import record_action
from progress.models import ApplicationRow

from .consent import ALL
from .models import Campaign, LifeFact, Outbox, Subscription
from .policy import allowed_from
from .render import Message, render
from .rules import CampaignSend, Rule, RulesFile

RULE_ID = "staff_campaign"
CHUNK = 500  # ids per IN (...) query
WRITE_BATCH = 1000


class CampaignError(Exception):
    """A step that does not fit the campaign's state: (code, Chinese message)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code)
        self.code, self.message = code, message


@dataclass(frozen=True)
class Segment:
    fact: str | None = None  # a LifeFact whose date is within on_from..on_to
    on_from: date | None = None
    on_to: date | None = None
    hall: str | None = None  # citizens who booked or applied at this hall

    def as_json(self) -> dict[str, Any]:
        return {"fact": self.fact, "on_from": self.on_from.isoformat() if self.on_from else None,
                "on_to": self.on_to.isoformat() if self.on_to else None, "hall": self.hall}

    @classmethod
    def of(cls, data: dict[str, Any]) -> Segment:
        return cls(fact=data.get("fact"), hall=data.get("hall"),
                   on_from=date.fromisoformat(data["on_from"]) if data.get("on_from") else None,
                   on_to=date.fromisoformat(data["on_to"]) if data.get("on_to") else None)


def campaign_rule(rules: RulesFile) -> Rule:
    for rule in rules.rules:
        if isinstance(rule.trigger, CampaignSend):
            return rule
    raise LookupError("the rules file has no campaign rule")


async def audit(staff: str, action: str, *, now: datetime, campaign: int | None = None, outbox: int | None = None,
                note: str = "") -> None:
    """In the one staff audit trail (identity/staff_actions.py), the campaign or outbox row as the target."""
    target = f"campaign:{campaign}" if campaign is not None else f"outbox:{outbox}"
    await record_action(staff, "staff", action, target=target, now=now,
                        details={"campaign": campaign, "outbox": outbox, "note": note[:300]})


async def create(*, item: str, topic: str, message: str, segment: Segment, staff: str, now: datetime) -> Campaign:
    async with in_transaction():
        campaign = await Campaign.create(item=item, topic=topic, message=message, segment=segment.as_json(),
                                         created_by=staff, created_at=now)
        await audit(staff, "campaign_created", campaign=campaign.id, now=now, note=f"{item} / {topic}")
    return campaign


def _chunks(ids: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


async def _values(query: Any) -> set[str]:
    return {str(c) for c in await query.values_list("citizen", flat=True)}


async def segment_citizens(campaign: Campaign) -> list[str]:
    """The consenting followers in the segment, sorted."""
    seg = Segment.of(campaign.segment)
    yes = await _values(Subscription.filter(topic=campaign.topic, active=True))
    no = await _values(Subscription.filter(topic=campaign.topic, active=False))
    people = yes | (await _values(Subscription.filter(topic=ALL, active=True)) - no)
    if seg.fact is not None:
        query = LifeFact.filter(fact=seg.fact)
        if seg.on_from is not None:
            query = query.filter(on__gte=seg.on_from)
        if seg.on_to is not None:
            query = query.filter(on__lte=seg.on_to)
        people &= await _values(query)
    if seg.hall is not None:
        people &= await _values(BookingRow.filter(hall=seg.hall)) | await _values(ApplicationRow.filter(hall=seg.hall))
    following: set[str] = set()
    for chunk in _chunks(sorted(people)):
        following |= {str(c) for c in await Citizen.filter(id__in=chunk, oa_openid__isnull=False).values_list(
            "id", flat=True)}
    return sorted(following)


def _payload(campaign: Campaign) -> dict[str, Any]:
    return {"rule": RULE_ID, "item": campaign.item, "topic": campaign.topic, "text": campaign.message,
            "campaign": campaign.id}


def _row(campaign: Campaign, citizen: str, due_at: datetime, now: datetime) -> Outbox:
    return Outbox(kind=RULE_ID, rule=RULE_ID, period=f"campaign-{campaign.id}", citizen=citizen,
                  payload=_payload(campaign), due_at=due_at, dedupe_key=f"campaign:{campaign.id}:{citizen}",
                  campaign=campaign.id, created_at=now)


async def preview(campaign: Campaign, rules: RulesFile, catalog: Catalog) -> tuple[int, Message]:
    """How many it would reach now, and the message as they would read it."""
    citizens = await segment_citizens(campaign)
    sample = _row(campaign, citizens[0] if citizens else "sample", campaign.send_at or campaign.created_at,
                  campaign.created_at)
    return len(citizens), render(campaign_rule(rules), sample, catalog)


async def schedule(campaign_id: int, send_at: datetime, *, staff: str, now: datetime) -> Campaign:
    """Write the rows (once: a second schedule is refused) due at send_at, out of the quiet hours."""
    due = allowed_from(max(send_at, now))
    async with in_transaction():
        taken = await Campaign.filter(id=campaign_id, status="draft").update(status="scheduled", send_at=due)
        campaign = await Campaign.get(id=campaign_id)
        if not taken:
            raise CampaignError("not_draft", "这个活动已排期或已取消，不能再次排期。")
        citizens = await segment_citizens(campaign)
        for start in range(0, len(citizens), WRITE_BATCH):
            await Outbox.bulk_create([_row(campaign, c, due, now) for c in citizens[start:start + WRITE_BATCH]])
        await Campaign.filter(id=campaign_id).update(queued=len(citizens))
        await audit(staff, "campaign_scheduled", campaign=campaign_id, now=now,
                    note=f"{len(citizens)} rows due {due.isoformat()}")
    return await Campaign.get(id=campaign_id)


async def cancel(campaign_id: int, *, staff: str, now: datetime) -> tuple[Campaign, int]:
    """Withdraw what has not begun sending; (the campaign, rows withdrawn)."""
    async with in_transaction():
        taken = await Campaign.filter(id=campaign_id, status__in=["draft", "scheduled"]).update(
            status="cancelled", cancelled_at=now)
        if not taken:
            raise CampaignError("not_cancellable", "这个活动已取消，无需再次取消。")
        withdrawn = await Outbox.filter(campaign=campaign_id, status__in=["pending", "claimed"]).update(
            status="cancelled", claim=None, lease_until=None, error="campaign cancelled by staff")
        await audit(staff, "campaign_cancelled", campaign=campaign_id, now=now, note=f"{withdrawn} rows withdrawn")
    return await Campaign.get(id=campaign_id), withdrawn


async def progress(campaign_id: int) -> dict[str, dict[str, int]]:
    """{"status": {sent: n, pending: n, …}, "delivery": {success: n, …}} of the campaign's rows."""
    by_status: dict[str, int] = {}
    by_delivery: dict[str, int] = {}
    for status, delivery in await Outbox.filter(campaign=campaign_id).values_list("status", "delivery"):
        by_status[str(status)] = by_status.get(str(status), 0) + 1
        if delivery:
            by_delivery[str(delivery)] = by_delivery.get(str(delivery), 0) + 1
    return {"status": by_status, "delivery": by_delivery}
