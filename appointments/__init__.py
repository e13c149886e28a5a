"""Appointments: halls' schedules, slots and places, booking, cancel, reschedule, check-in, queue
numbers and no-shows. Every function takes `now` and the `BookingRules` in force and refuses with
a named `BookingRefused` (errors.py: a stable `code` and the values, no text; the edge words it).

    rules = booking_rules(settings.booking)
    days = await list_open_days(hall, item, now=now, rules=rules)
    slots = await list_free_slots(hall, days[0].day, item, now=now, rules=rules)
    booking = await book_slot(openid, item, hall, slots[0].start, idempotency_key=msg_id, now=now, rules=rules)
"""

from .booking import (
    STATUS_NAMES,
    Booking,
    book_slot,
    booking_by_code,
    bookings_of,
    cancel_booking,
    check_slot,
    reschedule_booking,
    when_text,
)
from .closures import DayChange, set_day_exception
from .codes import normalise_code
from .counts import DayWait, average_wait, bookings_per_day, bookings_per_item, waits_per_day
from .errors import (
    AlreadyBooked,
    BookingNotFound,
    BookingRefused,
    ChangedMeanwhile,
    CutoffPassed,
    DayPassed,
    HallClosed,
    ItemNotOffered,
    ItemWithdrawn,
    KeyReused,
    Missed,
    NotActive,
    NotASlot,
    NotToday,
    RefusalCode,
    SameTime,
    SlotFull,
    SlotPassed,
    Suspended,
    TooEarly,
    TooFar,
    TooLate,
    WrongHall,
)
from .noshows import mark_no_show, mark_no_shows, suspended_until
from .queue import Ticket, call_next, check_in, estimated_wait, hall_day, mark_served
from .rules import BookingRules, booking_rules, explain_rules, hours_text
from .schedule import (
    DayPlan,
    DaySlots,
    FreeSlot,
    OpenDay,
    day_label,
    day_plan,
    day_slots,
    list_free_slots,
    list_open_days,
)
from .tasks import no_shows_task
from .workdays import day_kind

__all__ = [
    "AlreadyBooked", "BookingNotFound", "ChangedMeanwhile", "CutoffPassed", "DayPassed", "HallClosed", "ItemNotOffered",
    "ItemWithdrawn", "KeyReused", "Missed", "NotASlot", "NotActive", "NotToday", "SameTime", "SlotFull", "SlotPassed",
    "Suspended", "TooEarly", "TooFar", "TooLate", "WrongHall",
    "DayWait", "average_wait", "waits_per_day",
    "STATUS_NAMES", "Booking", "BookingRefused", "BookingRules", "DayChange", "DayPlan", "DaySlots", "FreeSlot",
    "OpenDay", "RefusalCode", "Ticket", "book_slot", "booking_by_code", "booking_rules", "bookings_of", "call_next",
    "bookings_per_day", "bookings_per_item", "cancel_booking", "check_in", "check_slot", "day_kind", "day_label",
    "day_plan", "day_slots", "estimated_wait",
    "explain_rules", "hall_day", "hours_text", "list_free_slots", "list_open_days", "mark_no_show", "mark_no_shows",
    "mark_served",
    "no_shows_task", "normalise_code", "reschedule_booking", "set_day_exception", "suspended_until", "when_text",
]
