"""At the hall: check-in, queue numbers per group, calling, the estimated wait, no-shows."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from appointments import (
    BookingNotFound,
    BookingRefused,
    BookingRules,
    Missed,
    NotToday,
    TooEarly,
    WrongHall,
    book_slot,
    bookings_of,
    call_next,
    check_in,
    estimated_wait,
    mark_no_shows,
    mark_served,
)
from catalog import CatalogFile

from .factories import at

DAY_BEFORE = at(2026, 11, 25, 10)
NINE = at(2026, 11, 26, 9)
ARRIVAL = at(2026, 11, 26, 8, 40)


@pytest.fixture
def rules() -> BookingRules:
    return BookingRules(places_per_window=10)


async def book(citizen, item, hall, rules, start=NINE):
    return await book_slot(citizen, item, hall, start, now=DAY_BEFORE, rules=rules)


async def refused(coro) -> BookingRefused:
    with pytest.raises(BookingRefused) as info:
        await coro
    return info.value


async def test_check_in_gives_numbers_per_hall_day_and_group(db, center, zumiao, id_card, licence, rules):
    a1, a2, b1, z1 = (await book("c1", id_card, center, rules), await book("c2", id_card, center, rules),
                      await book("c3", licence, center, rules), await book("c4", id_card, zumiao, rules))
    labels = [(await check_in(b.code.lower(), now=ARRIVAL, rules=rules)).label for b in (a1, b1, a2, z1)]
    assert labels == ["A001", "B001", "A002", "A001"]
    again = await check_in(a2.code, now=ARRIVAL + timedelta(minutes=5), rules=rules)
    assert again.label == "A002"  # scanning twice changes nothing


async def test_check_in_window_and_place(db, center, zumiao, id_card, rules):
    booking = await book("c1", id_card, center, rules)
    exc = await refused(check_in(booking.code, now=DAY_BEFORE, rules=rules))
    assert isinstance(exc, NotToday) and exc.code == "not_today" and exc.start == NINE
    exc = await refused(check_in(booking.code, now=at(2026, 11, 26, 7, 59), rules=rules))
    assert isinstance(exc, TooEarly) and exc.code == "too_early" and exc.opens == at(2026, 11, 26, 8)
    exc = await refused(check_in(booking.code, now=ARRIVAL, rules=rules, hall=zumiao.code))
    assert isinstance(exc, WrongHall) and exc.code == "wrong_hall" and exc.hall == center.code
    exc = await refused(check_in(booking.code, now=at(2026, 11, 26, 9, 46), rules=rules))
    assert isinstance(exc, Missed) and exc.code == "missed" and exc.end == at(2026, 11, 26, 9, 30)
    exc = await refused(check_in("ZZZZ2222", now=ARRIVAL, rules=rules))
    assert isinstance(exc, BookingNotFound) and exc.code == "not_found"
    assert (await check_in(booking.code, now=at(2026, 11, 26, 9, 45), rules=rules, hall=center.code)).label == "A001"


async def test_concurrent_scans_never_share_a_number(db, center, id_card, rules):
    bookings = [await book(f"c{n}", id_card, center, rules) for n in range(8)]
    tickets = await asyncio.gather(*(check_in(b.code, now=ARRIVAL, rules=rules) for b in bookings + bookings))
    assert sorted({t.label for t in tickets}) == [f"A{n:03d}" for n in range(1, 9)]


async def test_estimated_wait_is_people_ahead_times_service_minutes(db, center, id_card, licence, rules):
    bookings = [await book(f"c{n}", id_card, center, rules) for n in range(3)]
    await book("biz", licence, center, rules)
    for b in bookings:
        await check_in(b.code, now=ARRIVAL, rules=rules)
    third = await estimated_wait(bookings[2].code, now=ARRIVAL, rules=rules)
    assert (third.people_ahead, third.wait_minutes) == (2, 20)
    called = await call_next(center.code, "A", window="3号窗口", now=ARRIVAL, rules=rules)
    assert called.label == "A001" and called.booking.window == "3号窗口" and called.booking.status == "called"
    third = await estimated_wait(bookings[2].code, now=ARRIVAL, rules=rules)
    assert (third.people_ahead, third.wait_minutes) == (1, 10)
    assert await call_next(center.code, "B", now=ARRIVAL, rules=rules) is None  # checked in? not yet


async def test_the_wait_uses_todays_measured_service_time(db, center, id_card, rules):
    bookings = [await book(f"c{n}", id_card, center, rules) for n in range(5)]
    for b in bookings:
        await check_in(b.code, now=ARRIVAL, rules=rules)
    clock = at(2026, 11, 26, 9)
    for _ in range(3):
        ticket = await call_next(center.code, "A", now=clock, rules=rules)
        clock += timedelta(minutes=6)
        await mark_served(ticket.booking.code, now=clock, rules=rules)
    last = await estimated_wait(bookings[4].code, now=clock, rules=rules)
    assert (last.people_ahead, last.wait_minutes) == (1, 6)


async def test_serving_ends_the_booking_so_the_item_can_be_booked_again(db, center, id_card, rules):
    booking = await book("c1", id_card, center, rules)
    exc = await refused(mark_served(booking.code, now=ARRIVAL, rules=rules))
    assert exc.code == "not_active"
    await check_in(booking.code, now=ARRIVAL, rules=rules)
    served = await mark_served(booking.code, now=at(2026, 11, 26, 9, 10), rules=rules)
    assert served.booking.status == "served" and not served.booking.active
    assert await book_slot("c1", id_card, center, at(2026, 11, 27, 9), now=at(2026, 11, 26, 9, 10), rules=rules)


async def test_no_shows_are_recorded_after_the_check_in_window(db, center, id_card, rules):
    missed = await book("c1", id_card, center, rules)
    came = await book("c2", id_card, center, rules)
    await check_in(came.code, now=ARRIVAL, rules=rules)
    assert await mark_no_shows(at(2026, 11, 26, 9, 44), rules) == 0  # 09:30 + 15 minutes not over yet
    assert await mark_no_shows(at(2026, 11, 26, 9, 46), rules) == 1
    assert [b.status for b in await bookings_of("c1")] == ["no_show"]
    assert [b.status for b in await bookings_of("c2")] == ["checked_in"]
    assert await mark_no_shows(at(2026, 11, 26, 10), rules) == 0
    exc = await refused(check_in(missed.code, now=at(2026, 11, 26, 9, 46), rules=rules))
    assert exc.code == "not_active"


def test_the_test_catalog_is_valid():
    from .factories import catalog_file

    assert isinstance(catalog_file(), CatalogFile)


async def test_the_no_show_job_runs_as_a_taskiq_task(db, center, id_card, rules):
    from taskiq import InMemoryBroker

    from appointments.tasks import no_shows_task
    from core.clock import FixedClock
    from core.settings import Settings

    await book("c1", id_card, center, BookingRules())
    broker = InMemoryBroker()
    task = no_shows_task(broker)
    broker.state.settings, broker.state.clock = Settings(), FixedClock(at(2026, 11, 26, 10))
    await broker.startup()
    try:
        result = await (await task.kiq()).wait_result(timeout=5)
    finally:
        await broker.shutdown()
    assert result.return_value == 1
    assert [b.status for b in await bookings_of("c1")] == ["no_show"]
