"""The life-cycle scan: who is due a reminder today, written to the outbox once per (citizen, rule, period).

Each time rule becomes a range query on the (fact, on) index of notify_facts, read in batches:
its cost grows with the citizens due, not with all citizens. Opt-in rules queue only citizens who
said yes to the topic (the dispatcher asks again before sending). A row's key is
"rule:citizen:period" and (citizen, rule, period) is unique in the database, so two scans at
once, or the same scan twice, queue each reminder once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q

from core.clock import SHANGHAI

from .consent import consents_to
from .models import LifeFact, Outbox, Subscription
from .rules import (
    AgeReached,
    DateWithinDays,
    Due,
    Rule,
    YearlyWindow,
    age_birth_range,
    age_due,
    window_due,
    window_range,
    within_due,
    within_range,
)

BATCH = 2000
SEND_HOUR = time(9, 0)  # life-cycle reminders go from 09:00, not at the scan's early hour


@dataclass
class ScanReport:
    queued: dict[str, int] = field(default_factory=dict)  # rule id → rows written
    looked_at: int = 0  # facts read

    @property
    def total(self) -> int:
        return sum(self.queued.values())


def _range(rule: Rule, today: date) -> tuple[date, date] | None:
    t = rule.trigger
    if isinstance(t, AgeReached):
        return age_birth_range(t, today)
    if isinstance(t, DateWithinDays):
        return within_range(t, today)
    if isinstance(t, YearlyWindow):
        return window_range(t, today)
    return None


def _due(rule: Rule, on: date, today: date) -> Due | None:
    t = rule.trigger
    if isinstance(t, AgeReached):
        return age_due(t, on, today)
    if isinstance(t, DateWithinDays):
        return within_due(t, on, today)
    if isinstance(t, YearlyWindow):
        return window_due(t, on, today)
    return None


async def _consenting(citizens: list[str], rule: Rule) -> set[str]:
    topics: dict[str, dict[str, bool]] = {}
    for s in await Subscription.filter(citizen__in=citizens, topic__in=[rule.topic, "all"]).values(
            "citizen", "topic", "active"):
        topics.setdefault(s["citizen"], {})[s["topic"]] = s["active"]
    return {c for c in citizens if consents_to(topics.get(c, {}), rule)}


async def _of_sex(citizens: list[str], sex: str) -> set[str]:
    rows = await LifeFact.filter(citizen__in=citizens, fact="sex", value=sex).values_list("citizen", flat=True)
    return {str(c) for c in rows}


async def _write(rows: list[Outbox]) -> int:
    """Insert the rows not queued before; a concurrent scan's twins are left to the unique index."""
    if not rows:
        return 0
    known = set(await Outbox.filter(dedupe_key__in=[r.dedupe_key for r in rows]).values_list("dedupe_key",
                                                                                               flat=True))
    fresh = [r for r in rows if r.dedupe_key not in known]
    if not fresh:
        return 0
    try:
        await Outbox.bulk_create(fresh)
        return len(fresh)
    except IntegrityError:  # another scan wrote some of them meanwhile: one by one, keeping the first
        written = 0
        for row in fresh:
            try:
                await row.save()
                written += 1
            except IntegrityError:
                pass
        return written


async def scan_rule(rule: Rule, *, now: datetime, batch: int = BATCH) -> tuple[int, int]:
    """Queue today's reminders of one time rule; (rows written, facts read)."""
    today = now.astimezone(SHANGHAI).date()
    span = _range(rule, today)
    if span is None or not isinstance(rule.trigger, (AgeReached, DateWithinDays, YearlyWindow)):
        return 0, 0
    fact = rule.trigger.fact
    due_at = max(now, datetime.combine(today, SEND_HOUR, SHANGHAI))
    written = read = 0
    after: tuple[date, int] | None = None  # keyset on (on, id): the (fact, on) index serves every page
    while True:
        query = LifeFact.filter(fact=fact, on__gte=span[0], on__lte=span[1])
        if after is not None:
            query = query.filter(Q(on__gt=after[0]) | Q(on=after[0], id__gt=after[1]))
        page = await query.order_by("on", "id").limit(batch).values_list("id", "citizen", "on", "value")
        if not page:
            break
        after = (page[-1][2], page[-1][0])
        read += len(page)
        dues = [(citizen, key, due) for _, citizen, on, key in page if (due := _due(rule, on, today))]
        citizens = sorted({c for c, _, _ in dues})
        allowed = await _consenting(citizens, rule) if citizens else set()
        sex = getattr(rule.trigger, "sex", None)
        if sex and allowed:
            allowed &= await _of_sex(sorted(allowed), sex)
        rows = []
        for citizen, key, due in dues:
            if citizen not in allowed:
                continue
            period = f"{due.period}:{key}" if key else due.period  # two children: two reminders
            rows.append(Outbox(kind=rule.id, citizen=citizen, rule=rule.id, period=period,
                               payload={"rule": rule.id, "item": rule.item, **due.values}, due_at=due_at,
                               dedupe_key=f"{rule.id}:{citizen}:{period}", created_at=now))
        written += await _write(rows)
        if len(page) < batch:
            break
    return written, read


async def scan_due(rules: Sequence[Rule], *, now: datetime, batch: int = BATCH) -> ScanReport:
    """Run every time rule for today."""
    report = ScanReport()
    for rule in rules:
        if not rule.scanned:
            continue
        written, read = await scan_rule(rule, now=now, batch=batch)
        report.queued[rule.id] = written
        report.looked_at += read
    return report
