"""Handoff: a citizen asks for a person, or complains; staff see it in the console and answer.

A staff answer is kept (`handoff_replies`) and queued for the citizen in the notify outbox (kind
`handoff_reply`), in one transaction with the handoff's status becoming `answered`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from tortoise.transactions import in_transaction

from core.privacy import mask_text
from notify import enqueue

from .models import Handoff, HandoffReply

OPEN_STATUSES = ("open", "taken")
HANDOFF_STATUSES = (*OPEN_STATUSES, "answered", "closed")
MAX_REPLY = 1000


class HandoffNotFound(LookupError):
    """No handoff with that id."""


@dataclass(frozen=True, slots=True)
class HandoffView:
    """A handoff as staff see it: the text masked when stored, the user id kept for the reply only."""

    id: int
    channel: str
    user: str = field(repr=False)
    reason: str
    item: str | None
    text: str
    status: str
    created_at: datetime
    replies: tuple[tuple[str, str, datetime], ...] = ()  # (staff, text, when)


async def open_handoff(
    *, channel: str, user: str, reason: str, text: str, item: str | None, now: datetime
) -> tuple[Handoff, bool]:
    """Open a handoff, or return the one this citizen already has open; True when new."""
    existing = await Handoff.filter(channel=channel, user=user, reason=reason, status__in=OPEN_STATUSES).first()
    if existing is not None:
        return existing, False
    handoff = await Handoff.create(
        channel=channel, user=user, reason=reason, item=item, last_text=mask_text(text)[:500], created_at=now
    )
    return handoff, True


def _view(row: Handoff, replies: list[HandoffReply] | None = None) -> HandoffView:
    return HandoffView(row.id, row.channel, row.user, row.reason, row.item, row.last_text, row.status,
                       row.created_at, tuple((r.staff, r.text, r.created_at) for r in replies or []))


async def list_handoffs(status: str | None = None, limit: int = 100) -> list[HandoffView]:
    """Waiting ones (open, taken) when no status is given, the oldest first; else that status, the latest first."""
    if status is None:
        rows = await Handoff.filter(status__in=OPEN_STATUSES).order_by("created_at", "id").limit(limit)
    else:
        rows = await Handoff.filter(status=status).order_by("-created_at", "-id").limit(limit)
    return [_view(r) for r in rows]


async def handoff_of(handoff_id: int) -> HandoffView:
    row = await Handoff.get_or_none(id=handoff_id)
    if row is None:
        raise HandoffNotFound(handoff_id)
    return _view(row, await HandoffReply.filter(handoff_id=row.id).order_by("id"))


async def reply_to_handoff(handoff_id: int, text: str, *, staff: str, now: datetime) -> HandoffView:
    """Keep a staff answer and queue it for the citizen; the handoff becomes answered."""
    text = text.strip()[:MAX_REPLY]
    if not text:
        raise ValueError("reply_to_handoff: empty reply")
    async with in_transaction():
        row = await Handoff.get_or_none(id=handoff_id)
        if row is None:
            raise HandoffNotFound(handoff_id)
        reply = await HandoffReply.create(handoff_id=row.id, staff=staff, text=text, created_at=now)
        await Handoff.filter(id=row.id).update(status="answered")
        await enqueue("handoff_reply", row.user, {"handoff": row.id, "channel": row.channel, "reply": text},
                      due_at=now, dedupe_key=f"handoff_reply:{reply.id}", now=now)
    return await handoff_of(handoff_id)
