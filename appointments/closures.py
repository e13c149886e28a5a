"""Day exceptions staff set: close a hall for a day, open it on a day the calendar rests, add places.

Closing a day cancels its open bookings and queues a notice to each citizen, in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from catalog import Hall
from core.clock import SHANGHAI
from notify import cancel_pending, enqueue

from .booking import Booking, reminder_key
from .models import BookingRow, DayException, SlotRow
from .rules import BookingRules
from .schedule import DayPlan, day_label, plan_day


@dataclass(frozen=True, slots=True)
class DayChange:
    plan: DayPlan
    cancelled: list[Booking]  # bookings the closure cancelled (each citizen gets a notice)


async def set_day_exception(hall: Hall, day: date, *, closed: bool | None, extra_places: int, note: str,
                            now: datetime, rules: BookingRules) -> DayChange:
    """Set (or replace) the hall's exception for `day`; closed=None and extra_places=0 clears it."""
    cancelled: list[Booking] = []
    async with in_transaction():
        await DayException.filter(hall=hall.code, day=day).delete()
        exception = None
        if closed is not None or extra_places or note:
            exception = await DayException.create(hall=hall.code, day=day, closed=closed,
                                                  extra_places=extra_places, note=note, updated_at=now)
        plan = plan_day(hall, day, exception, rules)
        await SlotRow.filter(hall=hall.code, day=day).update(capacity=plan.capacity)
        if not plan.open:
            for row in await BookingRow.filter(hall=hall.code, day=day, status="booked"):
                await BookingRow.filter(id=row.id).update(status="cancelled", active_key=None, cancelled_at=now,
                                                          cancel_reason="hall_closed")
                await SlotRow.filter(id=row.slot_id, booked__gt=0).update(booked=F("booked") - 1)
                await cancel_pending(reminder_key(row))
                start = row.starts_at.astimezone(SHANGHAI)
                await enqueue("appointment_cancelled", row.citizen,
                              {"code": row.code, "item": row.item, "hall": row.hall, "start": start.isoformat(),
                               "reason": (f"{day_label(day)}{hall.short_name}{plan.closed_reason}"
                                          "，预约已取消，请重新预约。")},
                              due_at=now, dedupe_key=f"appointment_cancelled:{row.code}", now=now)
                cancelled.append(Booking.of(await BookingRow.get(id=row.id)))
    return DayChange(plan, cancelled)
