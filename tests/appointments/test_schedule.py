"""Schedules: hours and lunch break, the national calendar (holidays, adjusted working days, the
2027 fallback), staff day exceptions, open days and free slots."""

from __future__ import annotations

import logging
from datetime import date, timedelta

import pytest

from appointments import (
    BookingRefused,
    BookingRules,
    ItemNotOffered,
    day_kind,
    day_plan,
    list_free_slots,
    list_open_days,
    set_day_exception,
)
from appointments.schedule import plan_day
from appointments.workdays import _warn_unknown_year

from .factories import at


@pytest.mark.parametrize(("day", "kind"), [
    (date(2026, 11, 26), "workday"),
    (date(2026, 11, 28), "saturday"),
    (date(2026, 11, 29), "sunday"),
    (date(2026, 10, 1), "holiday"),  # National Day
    (date(2026, 10, 3), "holiday"),  # a Saturday inside the holiday
    (date(2026, 10, 10), "adjusted_workday"),  # Saturday worked for National Day
    (date(2026, 9, 20), "adjusted_workday"),  # Sunday worked for National Day
    (date(2026, 2, 14), "adjusted_workday"),  # Saturday worked for the Spring Festival
    (date(2026, 2, 17), "holiday"),  # Spring Festival
    (date(2027, 1, 4), "workday"),  # 2027: weekends only
    (date(2027, 1, 9), "saturday"),
    (date(2027, 1, 1), "holiday"),  # 元旦 is on a fixed date: known without the year's calendar
    (date(2027, 10, 2), "holiday"),
    (date(2027, 2, 10), "workday"),  # really Spring Festival 2027: staff set it (see below)
])
def test_day_kind_follows_the_national_calendar(day, kind):
    assert day_kind(day) == kind


def test_an_unknown_year_falls_back_to_weekends_and_warns_once(caplog):
    _warn_unknown_year.cache_clear()
    with caplog.at_level(logging.WARNING, logger="appointments.workdays"):
        for n in range(10):
            day_kind(date(2028, 3, 1) + timedelta(days=n))
    warnings = [r for r in caplog.records if "2028" in r.getMessage()]
    assert len(warnings) == 1
    assert "weekends only" in warnings[0].getMessage()


def test_slots_fill_the_opening_hours_and_skip_lunch(center, rules):
    plan = plan_day(center, date(2026, 11, 26), None, rules)
    starts = [f"{s.start:%H:%M}" for s in plan.slots]
    assert starts[:2] == ["09:00", "09:30"] and starts[5] == "11:30" and starts[6] == "13:30"
    assert starts[-1] == "17:00" and len(starts) == 6 + 8
    assert not any("12:00" <= s < "13:30" for s in starts)
    assert plan.capacity == 2  # two windows, one place each


def test_slot_length_and_places_are_configurable(center):
    plan = plan_day(center, date(2026, 11, 26), None, BookingRules(slot_minutes=60, places_per_window=3))
    assert len(plan.slots) == 3 + 4 and plan.capacity == 6


@pytest.mark.parametrize(("day", "slots", "reason"), [
    (date(2026, 11, 28), 6, ""),  # plain Saturday: Saturday morning hours
    (date(2026, 11, 29), 0, "周日不办公"),
    (date(2026, 10, 1), 0, "国庆节放假"),
    (date(2026, 10, 3), 0, "国庆节放假"),
    (date(2026, 10, 10), 14, ""),  # adjusted working day: weekday hours, not Saturday's
    (date(2026, 2, 14), 14, ""),
    (date(2026, 2, 16), 0, "春节放假"),
])
def test_day_plan_across_holidays_and_adjusted_days(center, rules, day, slots, reason):
    plan = plan_day(center, day, None, rules)
    assert (len(plan.slots), plan.closed_reason) == (slots, reason)


def test_a_hall_without_saturday_hours_is_closed_on_saturday(zumiao, rules):
    plan = plan_day(zumiao, date(2026, 11, 28), None, rules)
    assert not plan.open and plan.closed_reason == "周六不办公"


async def test_open_days_skip_national_day_and_include_the_adjusted_saturday(db, center, id_card, rules):
    days = await list_open_days(center, id_card, now=at(2026, 9, 28, 10), rules=rules)
    assert [d.day for d in days] == [
        date(2026, 9, 28), date(2026, 9, 29), date(2026, 9, 30), date(2026, 10, 8), date(2026, 10, 9),
        date(2026, 10, 10), date(2026, 10, 12)]
    by_day = {d.day: d.places_left for d in days}
    assert by_day[date(2026, 10, 10)] == 14 * 2
    # today: 09:00-10:00 are past and 10:00/10:30 start within 30 minutes → gone
    assert by_day[date(2026, 9, 28)] == (14 - 3) * 2


async def test_spring_festival_make_up_saturday_is_bookable(db, center, id_card, rules):
    days = await list_open_days(center, id_card, now=at(2026, 2, 12, 18), rules=rules)
    assert date(2026, 2, 14) in [d.day for d in days]
    assert not any(date(2026, 2, 15) <= d.day <= date(2026, 2, 23) for d in days)


async def test_2027_staff_set_holidays_and_make_up_days(db, center, zumiao, id_card, rules):
    now = at(2027, 1, 25, 10)
    assert (await day_plan(center, date(2027, 2, 10), rules)).open  # the fallback does not know
    await set_day_exception(center, date(2027, 2, 10), closed=True, extra_places=0, note="春节放假",
                            now=now, rules=rules)
    closed = await day_plan(center, date(2027, 2, 10), rules)
    assert not closed.open and closed.closed_reason == "大厅临时闭厅（春节放假）"
    await set_day_exception(zumiao, date(2027, 2, 6), closed=False, extra_places=0, note="调休上班",
                            now=now, rules=rules)
    assert len((await day_plan(zumiao, date(2027, 2, 6), rules)).slots) == 14  # a Saturday, worked
    days = [d.day for d in await list_open_days(zumiao, id_card, now=now, rules=rules)]
    assert date(2027, 2, 6) in days and date(2027, 2, 7) not in days


async def test_extra_places_raise_every_slot(db, center, id_card, rules):
    day = date(2026, 11, 26)
    await set_day_exception(center, day, closed=None, extra_places=3, note="", now=at(2026, 11, 25), rules=rules)
    slots = await list_free_slots(center, day, id_card, now=at(2026, 11, 25, 10), rules=rules)
    assert {s.places_left for s in slots} == {5}
    await set_day_exception(center, day, closed=None, extra_places=0, note="", now=at(2026, 11, 25), rules=rules)
    slots = await list_free_slots(center, day, id_card, now=at(2026, 11, 25, 10), rules=rules)
    assert {s.places_left for s in slots} == {2}


async def test_free_slots_leave_out_the_past_and_the_horizon(db, center, id_card, rules):
    now = at(2026, 11, 26, 13, 50)
    slots = await list_free_slots(center, date(2026, 11, 26), id_card, now=now, rules=rules)
    assert f"{slots[0].start:%H:%M}" == "14:30"  # 14:00 starts within 30 minutes
    assert await list_free_slots(center, date(2026, 12, 11), id_card, now=now, rules=rules) == []  # 15 days
    assert await list_free_slots(center, date(2026, 11, 25), id_card, now=now, rules=rules) == []


async def test_free_slots_refuse_an_item_the_hall_does_not_offer(db, zumiao, licence, rules):
    with pytest.raises(BookingRefused) as refused:
        await list_free_slots(zumiao, date(2026, 11, 26), licence, now=at(2026, 11, 25), rules=rules)
    assert isinstance(refused.value, ItemNotOffered) and refused.value.code == "item_not_offered"
    assert (refused.value.hall, refused.value.item) == (zumiao, licence)
