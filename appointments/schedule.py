"""A hall's schedule: which days it opens, its slots (lunch break left out) and their places.

The plan of a day is pure: the hall's hours from the catalog, the national calendar (workdays.py),
the staff's day exception, and the rules. The free places come from the slot counters in the DB.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from catalog import Hall, Item
from core.clock import SHANGHAI

from .errors import DayPassed, HallClosed, ItemNotOffered, TooFar
from .models import DayException, SlotRow
from .rules import BookingRules
from .workdays import day_kind, holiday_name

WEEKDAY_NAMES = "一二三四五六日"


@dataclass(frozen=True, slots=True)
class SlotTime:
    start: datetime  # tz-aware, Asia/Shanghai
    end: datetime


@dataclass(frozen=True, slots=True)
class DayPlan:
    hall: str
    day: date
    slots: tuple[SlotTime, ...]  # empty when closed
    capacity: int  # places in each slot
    closed_reason: str = ""  # Chinese, e.g. "国庆节放假"; empty when open

    @property
    def open(self) -> bool:
        return bool(self.slots)


@dataclass(frozen=True, slots=True)
class FreeSlot:
    start: datetime
    end: datetime
    places_left: int


@dataclass(frozen=True, slots=True)
class OpenDay:
    day: date
    places_left: int  # over all slots still bookable that day


def day_label(day: date) -> str:
    """11月26日（周四）"""
    return f"{day.month}月{day.day}日（周{WEEKDAY_NAMES[day.weekday()]}）"


def slot_times(day: date, ranges: Iterable[tuple[str, str]], slot_minutes: int) -> tuple[SlotTime, ...]:
    """The slots that fit wholly inside each opening range; the gaps (lunch) have none."""
    return _slot_times(day, tuple((opens, closes) for opens, closes in ranges), slot_minutes)


@functools.lru_cache(maxsize=4096)  # pure, and its values immutable: the same day's slots for every message
def _slot_times(day: date, ranges: tuple[tuple[str, str], ...], slot_minutes: int) -> tuple[SlotTime, ...]:
    slots: list[SlotTime] = []
    step = timedelta(minutes=slot_minutes)
    for opens, closes in ranges:
        start = datetime.combine(day, time.fromisoformat(opens), SHANGHAI)
        end_of_range = datetime.combine(day, time.fromisoformat(closes), SHANGHAI)
        while start + step <= end_of_range:
            slots.append(SlotTime(start, start + step))
            start += step
    return tuple(slots)


def plan_day(hall: Hall, day: date, exception: DayException | None, rules: BookingRules) -> DayPlan:
    """The day's slots at a hall. Weekday hours on workdays and adjusted working days, Saturday hours
    on plain Saturdays (if the hall has any); closed on Sundays, holidays and staff-set closures."""
    kind = day_kind(day)
    capacity = hall.windows * rules.places_per_window + (exception.extra_places if exception else 0)
    ranges: tuple[tuple[str, str], ...] = ()
    reason = ""
    if kind in ("workday", "adjusted_workday"):
        ranges = hall.hours.weekdays
    elif kind == "saturday" and hall.hours.saturday:
        ranges = hall.hours.saturday
    elif kind == "holiday":
        reason = f"{holiday_name(day) or '法定节假日'}放假"
    else:
        reason = f"周{WEEKDAY_NAMES[day.weekday()]}不办公"
    if exception is not None and exception.closed is True:
        ranges, reason = (), "大厅临时闭厅" + (f"（{exception.note}）" if exception.note else "")
    elif exception is not None and exception.closed is False and not ranges:
        ranges, reason = hall.hours.weekdays, ""
    slots = slot_times(day, ranges, rules.slot_minutes)
    if not slots and not reason:
        reason = "当天没有可预约的时段"
    return DayPlan(hall.code, day, slots, max(capacity, 0), reason)


async def day_plans(hall: Hall, days: list[date], rules: BookingRules) -> dict[date, DayPlan]:
    exceptions = {e.day: e for e in await DayException.filter(hall=hall.code, day__in=days)}
    return {d: plan_day(hall, d, exceptions.get(d), rules) for d in days}


async def day_plan(hall: Hall, day: date, rules: BookingRules) -> DayPlan:
    return (await day_plans(hall, [day], rules))[day]


def check_offered(hall: Hall, item: Item) -> None:
    if hall.code not in item.halls:
        raise ItemNotOffered(hall, item)


def bookable_days(now: datetime, rules: BookingRules) -> list[date]:
    today = now.astimezone(SHANGHAI).date()
    return [today + timedelta(days=n) for n in range(rules.days_ahead + 1)]


def bookable(slot: SlotTime, now: datetime, rules: BookingRules) -> bool:
    return slot.start - timedelta(minutes=rules.book_lead_minutes) >= now


async def _booked_counts(hall: Hall, days: list[date]) -> dict[datetime, tuple[int, int]]:
    rows = await SlotRow.filter(hall=hall.code, day__in=days).values_list("starts_at", "capacity", "booked")
    return {start.astimezone(SHANGHAI): (capacity, booked) for start, capacity, booked in rows}


def _free(plan: DayPlan, counts: dict[datetime, tuple[int, int]], now: datetime,
          rules: BookingRules) -> list[FreeSlot]:
    free = []
    for slot in plan.slots:
        capacity, booked = counts.get(slot.start, (plan.capacity, 0))
        if capacity > booked and bookable(slot, now, rules):
            free.append(FreeSlot(slot.start, slot.end, capacity - booked))
    return free


async def list_free_slots(hall: Hall, day: date, item: Item, *, now: datetime, rules: BookingRules) -> list[FreeSlot]:
    """The slots of `day` at `hall` that `item` can still be booked into, earliest first.

    Empty when the hall is closed that day (see `day_plan(...).closed_reason`), when the day is
    outside the booking horizon, or when everything is taken. Refuses an item the hall does not offer.
    """
    check_offered(hall, item)
    if day not in bookable_days(now, rules):
        return []
    plan = await day_plan(hall, day, rules)
    return _free(plan, await _booked_counts(hall, [day]), now, rules)


@dataclass(frozen=True, slots=True)
class DaySlots:
    """A day's free slots, or why that day cannot be booked at all (then no slots)."""

    slots: list[FreeSlot]
    refusal: DayPassed | TooFar | HallClosed | None = None


async def day_slots(hall: Hall, day: date, item: Item, *, now: datetime, rules: BookingRules) -> DaySlots:
    """`list_free_slots`, with the reason when the day is past, beyond days_ahead or closed.
    Any date is safe to ask: a day outside the booking horizon is refused before any date arithmetic."""
    check_offered(hall, item)
    days = bookable_days(now, rules)
    if day < days[0]:
        return DaySlots([], DayPassed(day, days[0]))
    if day > days[-1]:
        return DaySlots([], TooFar(day, rules.days_ahead, days[-1]))
    plan = await day_plan(hall, day, rules)
    if not plan.open:
        return DaySlots([], HallClosed(hall, day, plan.closed_reason, await next_open_day(hall, day, rules)))
    return DaySlots(_free(plan, await _booked_counts(hall, [day]), now, rules))


async def list_open_days(hall: Hall, item: Item, *, now: datetime, rules: BookingRules) -> list[OpenDay]:
    """The days from today to today + days_ahead on which `item` can still be booked at `hall`."""
    check_offered(hall, item)
    days = bookable_days(now, rules)
    plans = await day_plans(hall, days, rules)
    counts = await _booked_counts(hall, days)
    open_days = []
    for day in days:
        places = sum(s.places_left for s in _free(plans[day], counts, now, rules))
        if places:
            open_days.append(OpenDay(day, places))
    return open_days


async def next_open_day(hall: Hall, after: date, rules: BookingRules, *, horizon: int = 30) -> date | None:
    """The first day after `after` on which the hall opens (for "请选…" in a refusal)."""
    days = [after + timedelta(days=n) for n in range(1, horizon + 1)]
    plans = await day_plans(hall, days, rules)
    return next((d for d in days if plans[d].open), None)
