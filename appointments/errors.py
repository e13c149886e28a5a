"""The refusals of this folder: one class a reason, each with a stable machine `code` and the
values needed to word it, and no Chinese text (bot/refusals.py words them; handlers/problems.py
gives each an HTTP status).

* BookingRefused                  the base: every booking step refused
  x ItemNotOffered                the hall does not handle the item            item_not_offered
  x ItemWithdrawn                 the booking's item or hall left the catalog  item_not_offered
  x HallClosed                    holiday, weekend or staff-set closure        hall_closed
  x NotASlot                      the time is not the start of a slot          not_a_slot
  x SlotPassed                    the slot is already past                     too_late
  x DayPassed                     the day asked for is already past            too_late
  x TooLate                       the slot starts within book_lead_minutes     too_late
  x TooFar                        beyond days_ahead                            too_far
  x SlotFull                      no place left                                slot_full
  x AlreadyBooked                 an active booking of the same item exists    already_booked
  x Suspended                     a no-show suspension is in force             suspended
  x CutoffPassed                  within cutoff_minutes: no online change      cutoff_passed
  x NotActive                     cancelled, served, a no-show…: not for this  not_active
  x ChangedMeanwhile              the booking changed under a concurrent step  not_active
  x KeyReused                     the Idempotency-Key was used for another item key_reused
  x BookingNotFound               no such booking (or not the citizen's)       not_found
  x WrongHall                     checking in at another hall                  wrong_hall
  x NotToday                      checking in on another day                   not_today
  x TooEarly                      check-in not yet open                        too_early
  x Missed                        check-in closed: the slot is over            missed
"""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar, Literal

from catalog import Hall, Item

RefusalCode = Literal[
    "item_not_offered", "hall_closed", "not_a_slot", "too_late", "too_far", "slot_full", "already_booked",
    "suspended", "cutoff_passed", "not_active", "key_reused", "not_found", "wrong_hall", "not_today", "too_early",
    "missed", "same_time",
]
Change = Literal["cancel", "reschedule"]  # what the citizen asked to do to a booking
Step = Literal["cancel", "reschedule", "check_in", "serve"]  # what was asked of a booking no longer active


class BookingRefused(Exception):
    code: ClassVar[RefusalCode]


class ItemNotOffered(BookingRefused):
    code = "item_not_offered"

    def __init__(self, hall: Hall, item: Item) -> None:
        super().__init__(f"{hall.code} does not offer {item.code}")
        self.hall, self.item = hall, item
        self.halls = list(item.halls)  # where it is offered


class ItemWithdrawn(BookingRefused):
    code = "item_not_offered"

    def __init__(self, hall: str, item: str) -> None:
        super().__init__(f"{item} at {hall} is no longer in the catalog")
        self.hall, self.item = hall, item


class HallClosed(BookingRefused):
    code = "hall_closed"

    def __init__(self, hall: Hall, day: date, why: str, next_open_day: date | None) -> None:
        super().__init__(f"{hall.code} is closed on {day}")
        self.hall, self.day, self.next_open_day = hall, day, next_open_day
        self.why = why  # the day plan's closed_reason, from the calendar or the staff's note


class NotASlot(BookingRefused):
    code = "not_a_slot"

    def __init__(self, start: datetime) -> None:
        super().__init__(f"no slot starts at {start:%Y-%m-%d %H:%M}")
        self.start = start


class SlotPassed(BookingRefused):
    code = "too_late"

    def __init__(self, start: datetime) -> None:
        super().__init__(f"{start:%Y-%m-%d %H:%M} is past")
        self.start = start


class DayPassed(BookingRefused):
    code = "too_late"

    def __init__(self, day: date, today: date) -> None:
        super().__init__(f"{day} is past")
        self.day, self.today = day, today


class TooLate(BookingRefused):
    code = "too_late"

    def __init__(self, start: datetime, lead_minutes: int) -> None:
        super().__init__(f"booking closes {lead_minutes} minutes before {start:%Y-%m-%d %H:%M}")
        self.start, self.lead_minutes = start, lead_minutes


class TooFar(BookingRefused):
    code = "too_far"

    def __init__(self, day: date, days_ahead: int, last_day: date) -> None:
        super().__init__(f"{day} is beyond {days_ahead} days ahead")
        self.day, self.days_ahead, self.last_day = day, days_ahead, last_day


class SlotFull(BookingRefused):
    code = "slot_full"

    def __init__(self, start: datetime) -> None:
        super().__init__(f"the slot at {start:%Y-%m-%d %H:%M} is full")
        self.start = start


class AlreadyBooked(BookingRefused):
    code = "already_booked"

    def __init__(self, item: Item, start: datetime, booking_code: str) -> None:
        super().__init__(f"{item.code} is already booked: {booking_code}")
        self.item, self.start, self.booking_code = item, start, booking_code


class SameTime(BookingRefused):
    code = "same_time"

    def __init__(self, start: datetime, booking_code: str, hall: str) -> None:
        super().__init__(f"already booked at {start:%Y-%m-%d %H:%M}: {booking_code}")
        self.start, self.booking_code, self.hall = start, booking_code, hall


class Suspended(BookingRefused):
    code = "suspended"

    def __init__(self, until: date, no_shows: int, window_days: int) -> None:
        super().__init__(f"suspended until {until}")
        self.until, self.no_shows, self.window_days = until, no_shows, window_days


class CutoffPassed(BookingRefused):
    code = "cutoff_passed"

    def __init__(self, change: Change, cutoff_minutes: int) -> None:
        super().__init__(f"no {change} online within {cutoff_minutes} minutes of the visit")
        self.change, self.cutoff_minutes = change, cutoff_minutes


class NotActive(BookingRefused):
    code = "not_active"

    def __init__(self, status: str, step: Step) -> None:
        super().__init__(f"a booking {status} cannot {step}")
        self.status, self.step = status, step


class ChangedMeanwhile(BookingRefused):
    code = "not_active"

    def __init__(self, booking_code: str) -> None:
        super().__init__(f"{booking_code} changed meanwhile")
        self.booking_code = booking_code


class KeyReused(BookingRefused):
    code = "key_reused"

    def __init__(self, booked_item: str) -> None:
        super().__init__(f"the key was used to book {booked_item}")
        self.booked_item = booked_item


class BookingNotFound(BookingRefused):
    code = "not_found"

    def __init__(self) -> None:
        super().__init__("no such booking")  # the code asked for is not repeated: it may be anyone's


class WrongHall(BookingRefused):
    code = "wrong_hall"

    def __init__(self, hall: str) -> None:
        super().__init__(f"booked at {hall}")
        self.hall = hall


class NotToday(BookingRefused):
    code = "not_today"

    def __init__(self, start: datetime) -> None:
        super().__init__(f"booked for {start:%Y-%m-%d %H:%M}")
        self.start = start


class TooEarly(BookingRefused):
    code = "too_early"

    def __init__(self, opens: datetime) -> None:
        super().__init__(f"check-in opens at {opens:%H:%M}")
        self.opens = opens


class Missed(BookingRefused):
    code = "missed"

    def __init__(self, end: datetime) -> None:
        super().__init__(f"the slot ended at {end:%H:%M}")
        self.end = end

