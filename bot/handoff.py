"""Handoff: a citizen asks for a person, or complains; staff see it in the console."""

from __future__ import annotations

from datetime import datetime

from core.privacy import mask_text

from .models import Handoff

OPEN_STATUSES = ("open", "taken")


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
