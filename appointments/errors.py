"""The one error of this folder: a booking step refused, with a machine code and a polite reason.

* BookingRefused   code (machine, stable: "slot_full", "hall_closed", …) + reason (short Chinese
                   text that says the next step) + details (values for the edge, e.g. the booking code)

Handlers map `code` to an HTTP status (handlers/appointments.py); the bot shows `reason` as is.
"""

from __future__ import annotations

from typing import Any, Literal

RefusalCode = Literal[
    "item_not_offered",  # the hall does not handle the item
    "hall_closed",  # holiday, weekend or staff-set closure
    "not_a_slot",  # the time is not the start of a slot of that day
    "too_late",  # the slot is past or starts within book_lead_minutes
    "too_far",  # beyond days_ahead
    "slot_full",  # no place left
    "already_booked",  # an active booking for the same item exists
    "suspended",  # no-show suspension in force
    "cutoff_passed",  # within cutoff_minutes of the slot: no cancel/reschedule online
    "not_active",  # the booking is cancelled, served, a no-show … : nothing to change
    "key_reused",  # the Idempotency-Key was used for another item
    "not_found",  # no such booking (or not the citizen's)
    "wrong_hall",  # checking in at another hall
    "not_today",  # checking in on another day
    "too_early",  # check-in not yet open
    "missed",  # check-in closed: the slot is over
]


class BookingRefused(Exception):
    def __init__(self, code: RefusalCode, reason: str, **details: Any) -> None:
        super().__init__(f"{code}: {reason}")
        self.code = code
        self.reason = reason
        self.details = details
