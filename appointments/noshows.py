"""No-shows: recorded once a slot is over, and the suspension they lead to."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from core.clock import SHANGHAI

from .models import BookingRow
from .rules import BookingRules


async def mark_no_shows(now: datetime, rules: BookingRules) -> int:
    """Record every booking whose check-in window has closed unused as a no-show; the number marked.

    A periodic job calls it (appointments/tasks.py). Safe to run often and from several processes:
    it is one conditional UPDATE.
    """
    missed_before = now - timedelta(minutes=rules.checkin_late_minutes)
    return await BookingRow.filter(status="booked", ends_at__lt=missed_before).update(
        status="no_show", active_key=None, no_show_at=now)


async def suspended_until(citizen: str, now: datetime, rules: BookingRules) -> date | None:
    """The day online booking opens again for the citizen, or None if it is open now.

    no_show_limit no-shows within no_show_window_days suspend booking for suspension_days after
    the latest of them.
    """
    since = now - timedelta(days=rules.no_show_window_days)
    starts = await BookingRow.filter(citizen=citizen, status="no_show", starts_at__gte=since) \
        .order_by("-starts_at").values_list("starts_at")
    if len(starts) < rules.no_show_limit:
        return None
    (latest,) = starts[0]
    until = latest.astimezone(SHANGHAI).date() + timedelta(days=rules.suspension_days)
    return until if now.astimezone(SHANGHAI).date() < until else None


async def mark_no_show(code: str, *, now: datetime) -> bool:
    """Staff at the window: the citizen did not come (booked, or checked in and called, and gone).

    True when it was marked; False when the booking had already ended (served, cancelled, no-show)."""
    return await BookingRow.filter(code=code, status__in=("booked", "checked_in", "called")).update(
        status="no_show", active_key=None, no_show_at=now) > 0
