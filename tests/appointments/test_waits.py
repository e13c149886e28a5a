"""The dashboard's average wait: from check-in to call, per day and over a range, from the queue's own steps."""

from __future__ import annotations

from datetime import date, timedelta

from appointments import DayWait, average_wait, book_slot, call_next, check_in, waits_per_day

from .factories import at

DAY_BEFORE = at(2026, 11, 25, 10)
NINE, TEN = at(2026, 11, 26, 9), at(2026, 11, 26, 10)


async def served_after(citizen, item, hall, rules, start, arrived, waited_minutes):
    booking = await book_slot(citizen, item, hall, start, now=DAY_BEFORE, rules=rules)
    await check_in(booking.code, now=arrived, rules=rules)
    await call_next(hall.code, "A", now=arrived + timedelta(minutes=waited_minutes), rules=rules, window="1")


async def test_the_wait_is_check_in_to_call_averaged_over_the_people_called(db, center, zumiao, id_card, rules):
    await served_after("c1", id_card, center, rules, NINE, at(2026, 11, 26, 8, 50), 10)
    await served_after("c2", id_card, center, rules, TEN, at(2026, 11, 26, 9, 55), 20)
    await served_after("c3", id_card, zumiao, rules, NINE, at(2026, 11, 26, 8, 55), 6)
    waiting = await book_slot("c4", id_card, center, TEN, now=DAY_BEFORE, rules=rules)
    await check_in(waiting.code, now=at(2026, 11, 26, 9, 58), rules=rules)  # not called yet: no wait counted
    days = await waits_per_day(date(2026, 11, 25), date(2026, 11, 26), hall=center.code)
    assert days == [DayWait(date(2026, 11, 25), 0, None), DayWait(date(2026, 11, 26), 2, 15.0)]
    everywhere = await waits_per_day(date(2026, 11, 26), date(2026, 11, 26))
    assert everywhere == [DayWait(date(2026, 11, 26), 3, 12.0)]


def test_the_average_weighs_each_day_by_its_people():
    days = [DayWait(date(2026, 11, 24), 1, 30.0), DayWait(date(2026, 11, 25), 3, 10.0),
            DayWait(date(2026, 11, 26), 0, None)]
    assert average_wait(days) == 15.0  # not (30 + 10) / 2
    assert average_wait([DayWait(date(2026, 11, 26), 0, None)]) is None
