"""Counts of bookings for the staff dashboard: per day and per item, over a range of days; the wait in the
queue (checked in → called) per day."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from .models import BookingRow


async def bookings_per_day(first: date, last: date, hall: str | None = None) -> list[tuple[date, int]]:
    """Every day from `first` to `last` with the bookings made for it (cancelled ones left out)."""
    query = BookingRow.filter(day__gte=first, day__lte=last).exclude(status="cancelled")
    if hall is not None:
        query = query.filter(hall=hall)
    counts = Counter(day for (day,) in await query.values_list("day"))
    days = [date.fromordinal(n) for n in range(first.toordinal(), last.toordinal() + 1)]
    return [(d, counts.get(d, 0)) for d in days]


async def bookings_per_item(first: date, last: date, hall: str | None = None, top: int = 8) -> list[tuple[str, int]]:
    """The items booked most from `first` to `last`, most first."""
    query = BookingRow.filter(day__gte=first, day__lte=last).exclude(status="cancelled")
    if hall is not None:
        query = query.filter(hall=hall)
    return Counter(item for (item,) in await query.values_list("item")).most_common(top)


@dataclass(frozen=True, slots=True)
class DayWait:
    day: date
    called: int  # tickets checked in and called that day
    minutes: float | None  # their average wait from check-in to call; None: nobody was called


async def waits_per_day(first: date, last: date, hall: str | None = None) -> list[DayWait]:
    """Every day from `first` to `last`: how long those called waited on average after checking in."""
    query = BookingRow.filter(day__gte=first, day__lte=last, checked_in_at__isnull=False, called_at__isnull=False)
    if hall is not None:
        query = query.filter(hall=hall)
    waited: dict[date, list[float]] = {}
    for day, checked_in, called in await query.values_list("day", "checked_in_at", "called_at"):
        waited.setdefault(day, []).append(max((called - checked_in).total_seconds(), 0.0) / 60)
    days = [date.fromordinal(n) for n in range(first.toordinal(), last.toordinal() + 1)]
    return [DayWait(d, len(w), sum(w) / len(w) if w else None) for d in days for w in [waited.get(d, [])]]


def average_wait(days: list[DayWait]) -> float | None:
    """The average over every ticket called in `days` (not an average of daily averages)."""
    called = sum(d.called for d in days)
    return sum(d.minutes * d.called for d in days if d.minutes is not None) / called if called else None
