"""The outbox: a business change queues its notification in the same database transaction.

Call these inside the caller's `in_transaction()`: Tortoise routes them to that transaction, so the
booking and its reminder are committed, or rolled back, together. Sending is another module's job.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .models import Outbox


async def enqueue(kind: str, citizen: str, payload: dict[str, Any], *, due_at: datetime, dedupe_key: str,
                  now: datetime) -> Outbox:
    """Queue one message; a second call with the same dedupe_key returns the first row unchanged."""
    existing = await Outbox.get_or_none(dedupe_key=dedupe_key)
    if existing is not None:
        return existing
    return await Outbox.create(kind=kind, citizen=citizen, payload=payload, due_at=due_at,
                               dedupe_key=dedupe_key, created_at=now)


async def cancel_pending(dedupe_key: str) -> bool:
    """Withdraw a message not sent yet; False if there was none pending."""
    return await Outbox.filter(dedupe_key=dedupe_key, status="pending").update(status="cancelled") > 0


async def pending_of(citizen: str, limit: int = 10) -> list[Outbox]:
    """The citizen's reminders still to come (shown when they ask 我有哪些提醒)."""
    return await Outbox.filter(citizen=citizen, status__in=["pending", "claimed"]).order_by("due_at").limit(limit)


async def outbox_backlog(now: datetime) -> tuple[int, float]:
    """Rows due and not sent yet, and how many seconds the oldest of them has waited (0 if none).
    Two index reads (status, due_at), cheap enough for every scrape of /metrics."""
    due = Outbox.filter(status="pending", due_at__lte=now)
    count = await due.count()
    oldest = await due.order_by("due_at").first()
    return count, max((now - oldest.due_at).total_seconds(), 0.0) if oldest is not None else 0.0
