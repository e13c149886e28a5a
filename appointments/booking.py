"""Booking, cancelling and rescheduling a visit; a citizen's bookings.

Every function takes `now` (from the clock at the edge) and the `BookingRules` in force, and
refuses with one of the named refusals of errors.py (values, no text; the edge words them).
Capacity is decided in the database (a conditional UPDATE on the slot's counter inside the
booking transaction), so concurrent bookings in any number of processes never overbook a slot.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from catalog import Catalog, Hall, Item
from core.clock import SHANGHAI
from core.metrics import count_booking
from notify import cancel_pending, enqueue

from .codes import new_booking_code, normalise_code
from .errors import (
    AlreadyBooked,
    BookingNotFound,
    Change,
    ChangedMeanwhile,
    CutoffPassed,
    HallClosed,
    ItemWithdrawn,
    KeyReused,
    NotActive,
    NotASlot,
    SameTime,
    SlotFull,
    SlotPassed,
    Suspended,
    TooFar,
    TooLate,
)
from .models import ACTIVE_STATUSES, BookingRow, SlotRow
from .noshows import suspended_until
from .rules import BookingRules
from .schedule import SlotTime, bookable_days, check_offered, day_label, day_plan, next_open_day

WINDOW_GROUPS = {"person": "A", "business": "B", "both": "A"}  # item kind → queue prefix
STATUS_NAMES = {"booked": "已预约", "checked_in": "已签到", "called": "已叫号", "served": "已办理",
                "cancelled": "已取消", "no_show": "已爽约"}
CODE_ATTEMPTS = 3


@dataclass(frozen=True, slots=True)
class Booking:
    """A booking as the rest of the system sees it (the row stays in models.py)."""

    code: str
    citizen: str = field(repr=False)
    item: str
    hall: str
    day: date
    start: datetime
    end: datetime
    status: str
    booked_by: str
    window_group: str
    queue_number: int | None
    window: str | None
    created_at: datetime
    replayed: bool = False  # True when a retried request (same Idempotency-Key) got the earlier booking

    @property
    def active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def queue_label(self) -> str | None:
        """A012: the window group's letter and the number, once checked in."""
        return None if self.queue_number is None else f"{self.window_group}{self.queue_number:03d}"

    @classmethod
    def of(cls, row: BookingRow, *, replayed: bool = False) -> Booking:
        return cls(code=row.code, citizen=row.citizen, item=row.item, hall=row.hall, day=row.day,
                   start=row.starts_at.astimezone(SHANGHAI), end=row.ends_at.astimezone(SHANGHAI),
                   status=row.status, booked_by=row.booked_by, window_group=row.window_group,
                   queue_number=row.queue_number, window=row.window,
                   created_at=row.created_at.astimezone(SHANGHAI), replayed=replayed)


def when_text(start: datetime) -> str:
    """11月26日（周四）09:30"""
    return f"{day_label(start.date())}{start:%H:%M}"


def _active_key(citizen: str, item: str) -> str:
    return f"{citizen}|{item}"


def reminder_key(row: BookingRow) -> str:
    return f"appointment_reminder:{row.code}:{row.starts_at.astimezone(SHANGHAI):%Y%m%d%H%M}"


async def _queue_reminder(row: BookingRow, now: datetime, rules: BookingRules) -> None:
    """The day before the visit, at reminder_hour; a visit today or tomorrow after that hour: at once."""
    start = row.starts_at.astimezone(SHANGHAI)
    if start.date() <= now.date():
        return
    due = datetime.combine(start.date() - timedelta(days=1), datetime.min.time(), SHANGHAI) \
        + timedelta(hours=rules.reminder_hour)
    payload = {"code": row.code, "item": row.item, "hall": row.hall, "start": start.isoformat()}
    await enqueue("appointment_reminder", row.citizen, payload, due_at=max(due, now),
                  dedupe_key=reminder_key(row), now=now)


async def find_booking(code: str, citizen: str | None = None) -> BookingRow:
    """The booking with that code (of that citizen, if given); else refused as not found."""
    normal = normalise_code(code)
    row = await BookingRow.get_or_none(code=normal) if normal else None
    if row is None or (citizen is not None and row.citizen != citizen):
        raise BookingNotFound()
    return row


async def booking_by_code(code: str, citizen: str | None = None) -> Booking:
    return Booking.of(await find_booking(code, citizen))


async def bookings_of(citizen: str, *, active_only: bool = False) -> list[Booking]:
    """The citizen's bookings, the next visit first."""
    rows = BookingRow.filter(citizen=citizen)
    if active_only:
        rows = rows.filter(status__in=ACTIVE_STATUSES)
    return [Booking.of(r) for r in await rows.order_by("starts_at", "id")]


async def check_slot(hall: Hall, item: Item, start: datetime, *, now: datetime, rules: BookingRules) -> SlotTime:
    """The slot starting at `start`, if the rules let the item be booked into it."""
    return (await _slot_and_places(hall, item, start, now=now, rules=rules))[0]


async def _slot_and_places(hall: Hall, item: Item, start: datetime, *, now: datetime,
                           rules: BookingRules) -> tuple[SlotTime, int]:
    check_offered(hall, item)
    start = start.astimezone(SHANGHAI)
    days = bookable_days(now, rules)
    if start < now or start.date() < days[0]:
        raise SlotPassed(start)
    if start.date() > days[-1]:
        raise TooFar(start.date(), rules.days_ahead, days[-1])
    plan = await day_plan(hall, start.date(), rules)
    if not plan.open:
        raise HallClosed(hall, start.date(), plan.closed_reason, await next_open_day(hall, start.date(), rules))
    slot = next((s for s in plan.slots if s.start == start), None)
    if slot is None:
        raise NotASlot(start)
    if slot.start - timedelta(minutes=rules.book_lead_minutes) < now:
        raise TooLate(start, rules.book_lead_minutes)
    return slot, plan.capacity


async def _refuse_if_full(hall: Hall, slot: SlotTime) -> None:
    """A cheap read before the transaction: most of a rush asks for slots already full."""
    counts = await SlotRow.filter(hall=hall.code, starts_at=slot.start).values_list("capacity", "booked")
    if counts and counts[0][1] >= counts[0][0]:
        raise SlotFull(slot.start)


async def _take_place(hall: Hall, slot: SlotTime, capacity: int) -> int | None:
    """Inside a transaction: one more place booked in the slot; its id, or None if it is full."""
    for _ in range(2):
        taken = await SlotRow.filter(hall=hall.code, starts_at=slot.start, booked__lt=F("capacity")) \
            .update(booked=F("booked") + 1)
        if taken:
            return (await SlotRow.get(hall=hall.code, starts_at=slot.start)).id
        if await SlotRow.exists(hall=hall.code, starts_at=slot.start):
            return None
        await SlotRow.bulk_create([SlotRow(hall=hall.code, day=slot.start.date(), starts_at=slot.start,
                                           ends_at=slot.end, capacity=capacity)], ignore_conflicts=True)
    return None


async def _give_back_place(slot_id: int) -> None:
    await SlotRow.filter(id=slot_id, booked__gt=0).update(booked=F("booked") - 1)


async def _replay(citizen: str, item: Item, idempotency_key: str) -> Booking | None:
    row = await BookingRow.get_or_none(citizen=citizen, idempotency_key=idempotency_key)
    if row is None:
        return None
    if row.item != item.code:
        raise KeyReused(row.item)
    return Booking.of(row, replayed=True)


async def _refuse_if_booked(citizen: str, item: Item, idempotency_key: str | None = None) -> Booking | None:
    """Refuse a second active booking of the item; None if there is none. A booking made under the
    same idempotency key (a concurrent twin of this request that committed first) is returned."""
    row = await BookingRow.get_or_none(active_key=_active_key(citizen, item.code))
    if row is None:
        return None
    if idempotency_key and row.idempotency_key == idempotency_key:
        return Booking.of(row, replayed=True)
    raise AlreadyBooked(item, row.starts_at.astimezone(SHANGHAI), row.code)


async def _refuse_if_busy(citizen: str, slot: SlotTime, *, item: Item | None = None, idempotency_key: str | None = None,
                          moving: int | None = None) -> Booking | None:
    """One person cannot be at two windows at once: refuse a slot overlapping another active booking
    of the citizen, whatever its item or hall (the booking being moved aside). A concurrent twin of
    this very request (same key) is returned; the same item is AlreadyBooked, as before."""
    clash = BookingRow.filter(citizen=citizen, status="booked", starts_at__lt=slot.end, ends_at__gt=slot.start)
    if moving is not None:
        clash = clash.exclude(id=moving)
    row = await clash.first()
    if row is None:
        return None
    if idempotency_key and row.idempotency_key == idempotency_key:
        return Booking.of(row, replayed=True)
    if item is not None and row.item == item.code:
        raise AlreadyBooked(item, row.starts_at.astimezone(SHANGHAI), row.code)
    raise SameTime(row.starts_at.astimezone(SHANGHAI), row.code, row.hall)


async def book_slot(citizen: str, item: Item, hall: Hall, slot_start: datetime, *, idempotency_key: str | None = None,
                    now: datetime, rules: BookingRules, booked_by: str = "citizen") -> Booking:
    """Book `citizen` into the slot starting at `slot_start` for `item` at `hall`.

    The booking and its reminder (outbox) are written in one transaction. With an idempotency key
    (the mini-program's Idempotency-Key, or a WeChat MsgId) a retried request returns the first
    booking with `replayed=True` instead of booking twice. Refusals: ItemNotOffered, SlotPassed,
    TooLate, TooFar, HallClosed, NotASlot, Suspended, AlreadyBooked, SameTime, SlotFull, KeyReused.
    """
    if idempotency_key and (earlier := await _replay(citizen, item, idempotency_key)):
        return earlier
    try:
        return await _book(citizen, item, hall, slot_start, idempotency_key, now, rules, booked_by)
    except SlotFull:  # a twin of this request may have taken the last place itself
        if idempotency_key and (earlier := await _replay(citizen, item, idempotency_key)):
            return earlier
        # or the place was held a moment by another request of this citizen for this item, which
        # then lost to the first one: the citizen has the item booked, and that is the answer
        if twin := await _refuse_if_booked(citizen, item, idempotency_key):
            return twin
        raise


async def _book(citizen: str, item: Item, hall: Hall, slot_start: datetime, idempotency_key: str | None,
                now: datetime, rules: BookingRules, booked_by: str) -> Booking:
    slot, capacity = await _slot_and_places(hall, item, slot_start, now=now, rules=rules)
    await _refuse_if_full(hall, slot)
    until = await suspended_until(citizen, now, rules)
    if until is not None:
        raise Suspended(until, rules.no_show_limit, rules.no_show_window_days)
    if twin := await _refuse_if_booked(citizen, item, idempotency_key):
        return twin
    for _ in range(CODE_ATTEMPTS):
        try:
            async with in_transaction():
                if twin := await _refuse_if_busy(citizen, slot, item=item, idempotency_key=idempotency_key):
                    return twin
                slot_id = await _take_place(hall, slot, capacity)
                if slot_id is None:
                    raise SlotFull(slot.start)
                row = await BookingRow.create(
                    code=new_booking_code(), citizen=citizen, item=item.code, hall=hall.code, slot_id=slot_id,
                    day=slot.start.date(), starts_at=slot.start, ends_at=slot.end, status="booked",
                    active_key=_active_key(citizen, item.code), idempotency_key=idempotency_key or None,
                    booked_by=booked_by, window_group=WINDOW_GROUPS[item.kind], created_at=now)
                await _queue_reminder(row, now, rules)
            count_booking(booked_by)
            return Booking.of(row)
        except IntegrityError:  # a concurrent twin won: same key, same item, or (rarely) the same code
            if idempotency_key and (earlier := await _replay(citizen, item, idempotency_key)):
                return earlier
            if twin := await _refuse_if_booked(citizen, item, idempotency_key):
                return twin
    raise RuntimeError("could not draw an unused booking code")


def _check_changeable(row: BookingRow, now: datetime, rules: BookingRules, change: Change) -> None:
    if row.status != "booked":
        raise NotActive(row.status, change)
    if now > row.starts_at - timedelta(minutes=rules.cutoff_minutes):
        raise CutoffPassed(change, rules.cutoff_minutes)


async def cancel_booking(code: str, *, citizen: str | None, now: datetime, rules: BookingRules,
                         reason: str = "citizen") -> Booking:
    """Cancel a booking (the citizen's own when `citizen` is given) until cutoff_minutes before it.

    Its place goes back to the slot and its pending reminder is withdrawn, in one transaction.
    Refusals: BookingNotFound, NotActive, CutoffPassed, ChangedMeanwhile.
    """
    row = await find_booking(code, citizen)
    _check_changeable(row, now, rules, "cancel")
    async with in_transaction():
        changed = await BookingRow.filter(id=row.id, status="booked").update(
            status="cancelled", active_key=None, cancelled_at=now, cancel_reason=reason)
        if not changed:
            raise ChangedMeanwhile(row.code)
        await _give_back_place(row.slot_id)
        await cancel_pending(reminder_key(row))
    return Booking.of(await BookingRow.get(id=row.id))


async def reschedule_booking(code: str, new_start: datetime, *, citizen: str | None, catalog: Catalog,
                             now: datetime, rules: BookingRules) -> Booking:
    """Move a booking to another slot at the same hall (keeping its code) until the cut-off.

    The new place is taken before the old one is given back, in one transaction; the reminder moves
    with it. Refusals: those of cancel_booking, and of book_slot for the new slot.
    """
    row = await find_booking(code, citizen)
    _check_changeable(row, now, rules, "reschedule")
    hall, item = catalog.hall(row.hall), catalog.item(row.item)
    if hall is None or item is None:
        raise ItemWithdrawn(row.hall, row.item)
    slot, capacity = await _slot_and_places(hall, item, new_start, now=now, rules=rules)
    if slot.start == row.starts_at:
        return Booking.of(row)
    old_reminder = reminder_key(row)
    async with in_transaction():
        await _refuse_if_busy(row.citizen, slot, moving=row.id)
        slot_id = await _take_place(hall, slot, capacity)
        if slot_id is None:
            raise SlotFull(slot.start)
        moved = await BookingRow.filter(id=row.id, status="booked").update(
            slot_id=slot_id, day=slot.start.date(), starts_at=slot.start, ends_at=slot.end)
        if not moved:
            raise ChangedMeanwhile(row.code)
        await _give_back_place(row.slot_id)
        await cancel_pending(old_reminder)
        row = await BookingRow.get(id=row.id)
        await _queue_reminder(row, now, rules)
    return Booking.of(row)
