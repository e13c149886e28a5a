"""A retried request writes one outbox row: the same booking retried (one Idempotency-Key), at once or
after. (Two scans at once: test_scan.py; a campaign scheduled twice: test_campaigns_api.py.)"""

from __future__ import annotations

import asyncio
from datetime import datetime

from appointments import BookingRules, book_slot
from core.clock import SHANGHAI
from notify.models import Outbox

from .conftest import follower

BOOKED_AT = datetime(2026, 11, 25, 10, 0, tzinfo=SHANGHAI)
VISIT = datetime(2026, 11, 27, 9, 0, tzinfo=SHANGHAI)


async def test_a_retried_booking_queues_one_reminder(db, catalog) -> None:
    me = await follower("o-retry-1")
    item, hall = catalog.item("passport"), catalog.hall("zumiao")

    async def book() -> str:
        booking = await book_slot(me, item, hall, VISIT, idempotency_key="k-1", now=BOOKED_AT, rules=BookingRules())
        return booking.code

    codes = await asyncio.gather(book(), book())  # the app's retry while the first is still running
    codes.append(await book())  # and again later
    assert len(set(codes)) == 1
    assert await Outbox.filter(kind="appointment_reminder", citizen=me).count() == 1
