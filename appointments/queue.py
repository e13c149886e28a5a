"""At the hall: check-in by booking code, queue numbers, calling the next number, the wait.

A check-in draws the next number of its hall, day and window group (A: person items, B: business
items) from a counter row, inside a transaction, so two scanners never hand out the same number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from core.clock import SHANGHAI

from .booking import Booking, find_booking
from .errors import Missed, NotActive, NotToday, TooEarly, WrongHall
from .models import BookingRow, QueueCounter
from .rules import BookingRules

WAIT_SAMPLES = 20  # served visits the measured average is taken over
MIN_SAMPLES = 3  # fewer than this today: use rules.service_minutes


@dataclass(frozen=True, slots=True)
class Ticket:
    """A checked-in booking and where it stands in its queue."""

    booking: Booking
    people_ahead: int
    wait_minutes: int

    @property
    def label(self) -> str:
        return self.booking.queue_label or ""


def _today(now: datetime) -> date:
    return now.astimezone(SHANGHAI).date()


async def check_in(code: str, *, now: datetime, rules: BookingRules, hall: str | None = None) -> Ticket:
    """Check in at arrival with the booking code (the QR code holds the same text).

    Open from checkin_early_minutes before the slot to checkin_late_minutes after it ends. Checking
    in twice gives the same number. Refusals: BookingNotFound, WrongHall, NotToday, TooEarly,
    Missed, NotActive.
    """
    row = await find_booking(code)
    if row.status in ("checked_in", "called", "served"):
        return await estimated_wait(row.code, now=now, rules=rules)
    if row.status != "booked":
        raise NotActive(row.status, "check_in")
    if hall is not None and row.hall != hall:
        raise WrongHall(row.hall)
    start, end = row.starts_at.astimezone(SHANGHAI), row.ends_at.astimezone(SHANGHAI)
    if _today(now) < start.date():
        raise NotToday(start)
    opens = start - timedelta(minutes=rules.checkin_early_minutes)
    if now < opens:
        raise TooEarly(opens)
    if now > end + timedelta(minutes=rules.checkin_late_minutes):
        raise Missed(end)
    await QueueCounter.bulk_create([QueueCounter(hall=row.hall, day=row.day, window_group=row.window_group)],
                                   ignore_conflicts=True)
    try:
        async with in_transaction():
            where: dict[str, Any] = {"hall": row.hall, "day": row.day, "window_group": row.window_group}
            await QueueCounter.filter(**where).update(last_number=F("last_number") + 1)  # row lock held until commit
            number = (await QueueCounter.get(**where)).last_number
            checked = await BookingRow.filter(id=row.id, status="booked").update(
                status="checked_in", checked_in_at=now, queue_number=number)
            if not checked:  # a second scan of the same code won: roll this number back
                raise _Raced()
    except _Raced:
        pass
    return await estimated_wait(row.code, now=now, rules=rules)


class _Raced(Exception):
    pass


async def _average_minutes(hall: str, day: date, group: str, rules: BookingRules) -> float:
    rows = await BookingRow.filter(hall=hall, day=day, window_group=group, status="served",
                                   called_at__isnull=False, served_at__isnull=False) \
        .order_by("-served_at").limit(WAIT_SAMPLES).values_list("called_at", "served_at")
    if len(rows) < MIN_SAMPLES:
        return float(rules.service_minutes)
    return sum((served - called).total_seconds() for called, served in rows) / 60 / len(rows)


async def estimated_wait(code: str, *, now: datetime, rules: BookingRules, citizen: str | None = None) -> Ticket:
    """People ahead in the same queue × average service minutes (measured today once there are a
    few served visits, else rules.service_minutes). Zero once called."""
    row = await find_booking(code, citizen)
    ahead = 0
    if row.status == "checked_in" and row.queue_number is not None:
        ahead = await BookingRow.filter(hall=row.hall, day=row.day, window_group=row.window_group,
                                        status="checked_in", queue_number__lt=row.queue_number).count()
    minutes = round(ahead * await _average_minutes(row.hall, row.day, row.window_group, rules)) if ahead else 0
    return Ticket(Booking.of(row), ahead, minutes)


async def call_next(hall: str, group: str, *, now: datetime, rules: BookingRules,
                    window: str | None = None) -> Ticket | None:
    """Call the lowest waiting number of the hall's group today to `window`; None if nobody waits."""
    for _ in range(5):  # another window may call the same number at the same moment: take the next
        row = await BookingRow.filter(hall=hall, day=_today(now), window_group=group, status="checked_in") \
            .order_by("queue_number").first()
        if row is None:
            return None
        if await BookingRow.filter(id=row.id, status="checked_in").update(status="called", called_at=now,
                                                                        window=window):
            return await estimated_wait(row.code, now=now, rules=rules)
    return None


async def mark_served(code: str, *, now: datetime, rules: BookingRules) -> Ticket:
    """The visit is done: the booking stops being active (the citizen may book the item again)."""
    row = await find_booking(code)
    done = await BookingRow.filter(id=row.id, status__in=("checked_in", "called")).update(
        status="served", served_at=now, active_key=None)
    if not done and row.status != "served":
        raise NotActive(row.status, "serve")
    return await estimated_wait(row.code, now=now, rules=rules)


async def hall_day(hall: str, day: date) -> list[Booking]:
    """Every booking of a hall on a day, by time then queue number (the staff's list)."""
    rows = await BookingRow.filter(hall=hall, day=day).order_by("starts_at", "queue_number", "id")
    return [Booking.of(r) for r in rows]
