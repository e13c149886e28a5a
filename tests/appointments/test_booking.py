"""Booking rules, each with the Chinese sentence the citizen reads, and the outbox reminder."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from appointments import (
    BookingRefused,
    BookingRules,
    book_slot,
    bookings_of,
    cancel_booking,
    explain_rules,
    list_free_slots,
    mark_no_shows,
    reschedule_booking,
    set_day_exception,
)
from appointments.codes import ALPHABET, normalise_code
from appointments.models import SlotRow
from core.settings import Settings, SettingsError
from notify.models import Outbox

from .factories import at

NOW = at(2026, 11, 25, 10)  # Wednesday
THU_9 = at(2026, 11, 26, 9)


async def refused(coro) -> BookingRefused:
    with pytest.raises(BookingRefused) as info:
        await coro
    return info.value


async def test_a_booking_gets_an_unambiguous_code_and_a_reminder(db, center, id_card, rules):
    booking = await book_slot("c1", id_card, center, THU_9, now=NOW, rules=rules)
    assert len(booking.code) == 8 and set(booking.code) <= set(ALPHABET)
    assert not set(booking.code) & set("01OI")
    assert (booking.status, booking.start, booking.end) == ("booked", THU_9, at(2026, 11, 26, 9, 30))
    reminder = await Outbox.get(citizen="c1")
    assert reminder.kind == "appointment_reminder" and reminder.status == "pending"
    assert reminder.due_at == NOW  # the day-before 09:00 has passed: due at once
    assert reminder.payload["code"] == booking.code


async def test_the_reminder_is_due_the_day_before_at_nine(db, center, id_card, rules):
    booking = await book_slot("c1", id_card, center, at(2026, 11, 30, 9), now=NOW, rules=rules)
    reminder = await Outbox.get(dedupe_key__startswith=f"appointment_reminder:{booking.code}")
    assert reminder.due_at == at(2026, 11, 29, 9)


async def test_a_visit_today_gets_no_reminder_and_tomorrow_after_nine_gets_it_now(db, center, id_card, licence, rules):
    await book_slot("c1", id_card, center, at(2026, 11, 25, 15), now=NOW, rules=rules)
    assert not await Outbox.exists()
    await book_slot("c1", licence, center, THU_9, now=NOW, rules=rules)
    assert (await Outbox.get()).due_at == NOW


def test_codes_are_normalised_from_what_people_type():
    assert normalise_code(" abcd-2345 ") == "ABCD2345"
    assert normalise_code("ABCD0345") is None and normalise_code("ABC") is None


async def test_not_further_ahead_than_days_ahead(db, center, id_card, rules):
    exc = await refused(book_slot("c1", id_card, center, at(2026, 12, 10, 9), now=NOW, rules=rules))
    assert exc.code == "too_far" and exc.reason == "最多可以预约14天内的时段，请选12月9日（周三）以前的日子。"
    assert (await book_slot("c1", id_card, center, at(2026, 12, 9, 9), now=NOW, rules=rules)).status == "booked"


async def test_not_in_the_past_nor_too_close(db, center, id_card, rules):
    exc = await refused(book_slot("c1", id_card, center, at(2026, 11, 25, 9), now=NOW, rules=rules))
    assert exc.code == "too_late" and "已经过去" in exc.reason
    exc = await refused(book_slot("c1", id_card, center, at(2026, 11, 25, 10, 30), now=at(2026, 11, 25, 10, 1),
                                  rules=rules))
    assert exc.code == "too_late" and exc.reason == "时段开始前30分钟停止预约，请选更晚的时段。"


async def test_not_on_a_closed_day_and_the_next_open_day_is_named(db, center, id_card, rules):
    exc = await refused(book_slot("c1", id_card, center, at(2026, 10, 1, 9), now=at(2026, 9, 28, 10), rules=rules))
    assert exc.code == "hall_closed"
    assert exc.reason == "10月1日（周四）center大厅国庆节放假，最近可以办理的是10月8日（周四）。".replace("center", "district_center")
    assert exc.details["next_open_day"] == "2026-10-08"


async def test_only_at_the_start_of_a_slot(db, center, id_card, rules):
    exc = await refused(book_slot("c1", id_card, center, at(2026, 11, 26, 12, 30), now=NOW, rules=rules))
    assert exc.code == "not_a_slot" and exc.reason.startswith("12:30不是预约时段")


async def test_only_at_a_hall_offering_the_item(db, zumiao, licence, rules):
    exc = await refused(book_slot("c1", licence, zumiao, THU_9, now=NOW, rules=rules))
    assert exc.code == "item_not_offered" and exc.details["halls"] == ["district_center"]


async def test_one_active_booking_per_citizen_and_item(db, center, id_card, licence, rules):
    first = await book_slot("c1", id_card, center, THU_9, now=NOW, rules=rules)
    exc = await refused(book_slot("c1", id_card, center, at(2026, 11, 27, 9), now=NOW, rules=rules))
    assert exc.code == "already_booked"
    assert exc.reason == f"您已预约id_card_renewal：11月26日（周四）09:00，预约码{first.code}。想换时间请改约，不用重新预约。"
    await book_slot("c1", licence, center, THU_9, now=NOW, rules=rules)  # another item is fine
    await cancel_booking(first.code, citizen="c1", now=NOW, rules=rules)
    await book_slot("c1", id_card, center, at(2026, 11, 27, 9), now=NOW, rules=rules)  # after cancelling, too


async def test_a_full_slot_is_refused(db, center, id_card, rules):
    await book_slot("c1", id_card, center, THU_9, now=NOW, rules=rules)
    await book_slot("c2", id_card, center, THU_9, now=NOW, rules=rules)
    exc = await refused(book_slot("c3", id_card, center, THU_9, now=NOW, rules=rules))
    assert exc.code == "slot_full" and exc.reason == "11月26日（周四）09:00已约满，请换一个时段试试。"
    assert THU_9 not in [s.start for s in await list_free_slots(center, THU_9.date(), id_card, now=NOW, rules=rules)]


async def test_a_retry_with_the_same_key_gets_the_same_booking(db, center, id_card, licence, rules):
    first = await book_slot("c1", id_card, center, THU_9, idempotency_key="msg-1", now=NOW, rules=rules)
    again = await book_slot("c1", id_card, center, THU_9, idempotency_key="msg-1", now=NOW, rules=rules)
    assert again.code == first.code and again.replayed and not first.replayed
    other = await book_slot("c2", id_card, center, THU_9, idempotency_key="msg-1", now=NOW, rules=rules)
    assert other.code != first.code  # keys belong to a citizen
    exc = await refused(book_slot("c1", licence, center, THU_9, idempotency_key="msg-1", now=NOW, rules=rules))
    assert exc.code == "key_reused"


async def test_cancel_until_the_cut_off_frees_the_place_and_the_reminder(db, center, id_card, rules):
    booking = await book_slot("c1", id_card, center, THU_9, now=NOW, rules=rules)
    exc = await refused(cancel_booking(booking.code, citizen="c1", now=at(2026, 11, 26, 7, 30), rules=rules))
    assert exc.code == "cutoff_passed"
    assert exc.reason == "办理前2小时内不能在线取消；如有变动，请致电大厅，或按时到场办理。"
    exc = await refused(cancel_booking(booking.code, citizen="c2", now=NOW, rules=rules))
    assert exc.code == "not_found"  # another citizen's booking does not exist for them
    cancelled = await cancel_booking(booking.code, citizen="c1", now=at(2026, 11, 26, 6, 59), rules=rules)
    assert cancelled.status == "cancelled"
    assert (await SlotRow.get(starts_at=THU_9)).booked == 0
    assert (await Outbox.get()).status == "cancelled"
    exc = await refused(cancel_booking(booking.code, citizen="c1", now=NOW, rules=rules))
    assert exc.code == "not_active" and exc.reason == "这个预约已取消，不能再取消。"


async def test_reschedule_moves_place_code_and_reminder(db, catalog, center, id_card, rules):
    booking = await book_slot("c1", id_card, center, THU_9, now=NOW, rules=rules)
    moved = await reschedule_booking(booking.code, at(2026, 11, 30, 14), citizen="c1", catalog=catalog,
                                     now=NOW, rules=rules)
    assert (moved.code, moved.start, moved.day) == (booking.code, at(2026, 11, 30, 14), date(2026, 11, 30))
    assert {s.starts_at: s.booked for s in await SlotRow.all()} == {THU_9: 0, at(2026, 11, 30, 14): 1}
    reminders = {r.status: r.due_at for r in await Outbox.all()}
    assert reminders == {"cancelled": NOW, "pending": at(2026, 11, 29, 9)}
    exc = await refused(reschedule_booking(booking.code, at(2026, 11, 30, 17, 30), citizen="c1", catalog=catalog,
                                           now=NOW, rules=rules))
    assert exc.code == "not_a_slot"
    exc = await refused(reschedule_booking(booking.code, THU_9, citizen="c1", catalog=catalog,
                                           now=at(2026, 11, 30, 12, 30), rules=rules))
    assert exc.code == "cutoff_passed" and "不能在线改约" in exc.reason


async def test_reschedule_into_a_full_slot_keeps_the_booking(db, catalog, center, id_card, rules):
    mine = await book_slot("c1", id_card, center, THU_9, now=NOW, rules=rules)
    for c in ("c2", "c3"):
        await book_slot(c, id_card, center, at(2026, 11, 26, 10), now=NOW, rules=rules)
    exc = await refused(reschedule_booking(mine.code, at(2026, 11, 26, 10), citizen="c1", catalog=catalog,
                                           now=NOW, rules=rules))
    assert exc.code == "slot_full"
    assert [b.start for b in await bookings_of("c1")] == [THU_9]
    assert {s.starts_at: s.booked for s in await SlotRow.all()} == {THU_9: 1, at(2026, 11, 26, 10): 2}


async def no_shows(citizen: str, item, center, rules, days: list[date]) -> None:
    for day in days:
        start = at(day.year, day.month, day.day, 9)
        await book_slot(citizen, item, center, start, now=start - timedelta(days=1), rules=rules)
        await mark_no_shows(start + timedelta(hours=1), rules)


async def test_three_no_shows_in_ninety_days_suspend_booking_for_thirty_days(db, center, id_card, rules):
    await no_shows("c1", id_card, center, rules, [date(2026, 10, 12), date(2026, 10, 26), date(2026, 11, 16)])
    exc = await refused(book_slot("c1", id_card, center, THU_9, now=NOW, rules=rules))
    assert exc.code == "suspended"
    assert exc.reason == "您90天内有3次预约未到，12月16日（周三）起才能再在线预约；现在可以直接到大厅取号办理。"
    later = at(2026, 12, 16, 8)
    assert (await book_slot("c1", id_card, center, at(2026, 12, 17, 9), now=later, rules=rules)).status == "booked"


async def test_old_no_shows_do_not_count(db, center, id_card, rules):
    await no_shows("c1", id_card, center, rules, [date(2026, 8, 10), date(2026, 10, 26), date(2026, 11, 16)])
    assert (await book_slot("c1", id_card, center, THU_9, now=NOW, rules=rules)).status == "booked"


async def test_the_no_show_policy_is_configurable(db, center, id_card):
    rules = BookingRules(no_show_limit=1, suspension_days=7)
    await no_shows("c1", id_card, center, rules, [date(2026, 11, 20)])
    exc = await refused(book_slot("c1", id_card, center, THU_9, now=NOW, rules=rules))
    assert exc.code == "suspended" and exc.details["until"] == "2026-11-27"
    assert exc.reason.startswith("您90天内有1次预约未到，11月27日（周五）起")
    assert await book_slot("c1", id_card, center, at(2026, 11, 30, 9), now=at(2026, 11, 27, 8), rules=rules)


async def test_closing_a_day_cancels_its_bookings_and_tells_the_citizens(db, center, id_card, rules):
    booking = await book_slot("c1", id_card, center, THU_9, now=NOW, rules=rules)
    change = await set_day_exception(center, THU_9.date(), closed=True, extra_places=0, note="停电检修",
                                     now=NOW, rules=rules)
    assert [b.code for b in change.cancelled] == [booking.code]
    notice = await Outbox.get(kind="appointment_cancelled")
    assert notice.citizen == "c1" and "停电检修" in notice.payload["reason"]
    assert (await Outbox.get(kind="appointment_reminder")).status == "cancelled"
    exc = await refused(book_slot("c2", id_card, center, THU_9, now=NOW, rules=rules))
    assert exc.code == "hall_closed" and "大厅临时闭厅（停电检修）" in exc.reason


def test_rules_are_explained_in_chinese_with_their_numbers():
    text = explain_rules(BookingRules(days_ahead=7, cutoff_minutes=90))
    assert "今天起7天内" in text and "办理前90分钟以前可以在线取消或改约" in text
    assert "90天内爽约3次，暂停在线预约30天" in text


def test_rules_come_from_yimen_booking_variables():
    settings = Settings.from_env({"YIMEN_BOOKING_DAYS_AHEAD": "7", "YIMEN_BOOKING_CUTOFF_MINUTES": "60"})
    rules = BookingRules.from_pairs(settings.booking)
    assert (rules.days_ahead, rules.cutoff_minutes, rules.slot_minutes) == (7, 60, 30)
    with pytest.raises(SettingsError, match="YIMEN_BOOKING_DAYS_AHED: unknown"):
        BookingRules.from_pairs([("days_ahed", "7")])
    with pytest.raises(SettingsError, match="YIMEN_BOOKING_SLOT_MINUTES"):
        BookingRules.from_pairs([("slot_minutes", "7")])
    with pytest.raises(SettingsError, match="YIMEN_BOOKING_DAYS_AHEAD: expected a whole number"):
        BookingRules.from_pairs([("days_ahead", "a week")])
