"""Counts of bookings for the staff dashboard: per day and per item, over a range of days."""

from __future__ import annotations

from collections import Counter
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
