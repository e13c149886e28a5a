"""Booking rules, each with the Chinese sentence the citizen reads, and the outbox reminder."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from appointments import (
    AlreadyBooked,
    BookingNotFound,
    BookingRefused,
    BookingRules,
    CutoffPassed,
    HallClosed,
    ItemNotOffered,
    KeyReused,
    NotActive,
    NotASlot,
    SameTime,
    SlotFull,
    SlotPassed,
    Suspended,
    TooFar,
    TooLate,
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
    assert isinstance(exc, TooFar) and exc.code == "too_far"
    assert (exc.day, exc.days_ahead, exc.last_day) == (date(2026, 12, 10), 14, date(2026, 12, 9))
    assert (await book_slot("c1", id_card, center, at(2026, 12, 9, 9), now=NOW, rules=rules)).status == "booked"


async def test_not_in_the_past_nor_too_close(db, center, id_card, rules):
    exc = await refused(book_slot("c1", id_card, center, at(2026, 11, 25, 9), now=NOW, rules=rules))
    assert isinstance(exc, SlotPassed) and exc.code == "too_late" and exc.start == at(2026, 11, 25, 9)
    exc = await refused(book_slot("c1", id_card, center, at(2026, 11, 25, 10, 30), now=at(2026, 11, 25, 10, 1),
                                  rules=rules))
    assert isinstance(exc, TooLate) and exc.code == "too_late"
    assert (exc.start, exc.lead_minutes) == (at(2026, 11, 25, 10, 30), 30)


async def test_not_on_a_closed_day_and_the_next_open_day_is_named(db, center, id_card, rules):
    exc = await refused(book_slot("c1", id_card, center, at(2026, 10, 1, 9), now=at(2026, 9, 28, 10), rules=rules))
    assert isinstance(exc, HallClosed) and exc.code == "hall_closed"
    assert (exc.hall, exc.day, exc.why) == (center, date(2026, 10, 1), "国庆节放假")
    assert exc.next_open_day == date(2026, 10, 8)


async def test_only_at_the_start_of_a_slot(db, center, id_card, rules):
    exc = await refused(book_slot("c1", id_card, center, at(2026, 11, 26, 12, 30), now=NOW, rules=rules))
    assert isinstance(exc, NotASlot) and exc.code == "not_a_slot" and exc.start == at(2026, 11, 26, 12, 30)


async def test_only_at_a_hall_offering_the_item(db, zumiao, licence, rules):
    exc = await refused(book_slot("c1", licence, zumiao, THU_9, now=NOW, rules=rules))
    assert isinstance(exc, ItemNotOffered) and exc.code == "item_not_offered" and exc.halls == ["district_center"]
    assert (exc.hall, exc.item) == (zumiao, licence)


async def test_one_active_booking_per_citizen_and_item(db, center, id_card, licence, rules):
    first = await book_slot("c1", id_card, center, THU_9, now=NOW, rules=rules)
    exc = await refused(book_slot("c1", id_card, center, at(2026, 11, 27, 9), now=NOW, rules=rules))
    assert isinstance(exc, AlreadyBooked) and exc.code == "already_booked"
    assert (exc.item, exc.start, exc.booking_code) == (id_card, THU_9, first.code)
    await book_slot("c1", licence, center, at(2026, 11, 26, 10), now=NOW, rules=rules)  # another item is fine
    await cancel_booking(first.code, citizen="c1", now=NOW, rules=rules)
    await book_slot("c1", id_card, center, at(2026, 11, 27, 9), now=NOW, rules=rules)  # after cancelling, too


async def test_one_person_is_not_booked_twice_at_the_same_time_in_any_hall(db, catalog, center, id_card, licence,
                                                                            rules):
    first = await book_slot("c1", id_card, center, THU_9, now=NOW, rules=rules)
    exc = await refused(book_slot("c1", licence, center, THU_9, now=NOW, rules=rules))
    assert isinstance(exc, SameTime) and exc.code == "same_time"
    assert (exc.start, exc.booking_code, exc.hall) == (THU_9, first.code, center.code)
    other = await book_slot("c1", licence, center, at(2026, 11, 26, 9, 30), now=NOW, rules=rules)  # the next slot
    exc = await refused(reschedule_booking(other.code, THU_9, citizen="c1", catalog=catalog,
                                           now=NOW, rules=rules))
    assert isinstance(exc, SameTime)
    await book_slot("c2", licence, center, THU_9, now=NOW, rules=rules)  # someone else at that time is fine
    await cancel_booking(first.code, citizen="c1", now=NOW, rules=rules)
    await reschedule_booking(other.code, THU_9, citizen="c1", catalog=catalog, now=NOW,
                             rules=rules)  # once the first is cancelled, the time is free for them


async def test_a_full_slot_is_refused(db, center, id_card, rules):
    await book_slot("c1", id_card, center, THU_9, now=NOW, rules=rules)
    await book_slot("c2", id_card, center, THU_9, now=NOW, rules=rules)
    exc = await refused(book_slot("c3", id_card, center, THU_9, now=NOW, rules=rules))
    assert isinstance(exc, SlotFull) and exc.code == "slot_full" and exc.start == THU_9
    assert THU_9 not in [s.start for s in await list_free_slots(center, THU_9.date(), id_card, now=NOW, rules=rules)]


async def test_a_retry_with_the_same_key_gets_the_same_booking(db, center, id_card, licence, rules):
    first = await book_slot("c1", id_card, center, THU_9, idempotency_key="msg-1", now=NOW, rules=rules)
    again = await book_slot("c1", id_card, center, THU_9, idempotency_key="msg-1", now=NOW, rules=rules)
    assert again.code == first.code and again.replayed and not first.replayed
    other = await book_slot("c2", id_card, center, THU_9, idempotency_key="msg-1", now=NOW, rules=rules)
    assert other.code != first.code  # keys belong to a citizen
    exc = await refused(book_slot("c1", licence, center, THU_9, idempotency_key="msg-1", now=NOW, rules=rules))
    assert isinstance(exc, KeyReused) and exc.code == "key_reused" and exc.booked_item == "id_card_renewal"


async def test_cancel_until_the_cut_off_frees_the_place_and_the_reminder(db, center, id_card, rules):
    booking = await book_slot("c1", id_card, center, THU_9, now=NOW, rules=rules)
    exc = await refused(cancel_booking(booking.code, citizen="c1", now=at(2026, 11, 26, 7, 30), rules=rules))
    assert isinstance(exc, CutoffPassed) and exc.code == "cutoff_passed"
    assert (exc.change, exc.cutoff_minutes) == ("cancel", 120)
    exc = await refused(cancel_booking(booking.code, citizen="c2", now=NOW, rules=rules))
    # another citizen's booking does not exist for them
    assert isinstance(exc, BookingNotFound) and exc.code == "not_found"
    cancelled = await cancel_booking(booking.code, citizen="c1", now=at(2026, 11, 26, 6, 59), rules=rules)
    assert cancelled.status == "cancelled"
    assert (await SlotRow.get(starts_at=THU_9)).booked == 0
    assert (await Outbox.get()).status == "cancelled"
    exc = await refused(cancel_booking(booking.code, citizen="c1", now=NOW, rules=rules))
    assert isinstance(exc, NotActive) and exc.code == "not_active" and (exc.status, exc.step) == ("cancelled", "cancel")


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
    assert isinstance(exc, NotASlot) and exc.code == "not_a_slot"
    exc = await refused(reschedule_booking(booking.code, THU_9, citizen="c1", catalog=catalog,
                                           now=at(2026, 11, 30, 12, 30), rules=rules))
    assert isinstance(exc, CutoffPassed) and exc.code == "cutoff_passed" and exc.change == "reschedule"


async def test_reschedule_into_a_full_slot_keeps_the_booking(db, catalog, center, id_card, rules):
    mine = await book_slot("c1", id_card, center, THU_9, now=NOW, rules=rules)
    for c in ("c2", "c3"):
        await book_slot(c, id_card, center, at(2026, 11, 26, 10), now=NOW, rules=rules)
    exc = await refused(reschedule_booking(mine.code, at(2026, 11, 26, 10), citizen="c1", catalog=catalog,
                                           now=NOW, rules=rules))
    assert isinstance(exc, SlotFull) and exc.code == "slot_full"
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
    assert isinstance(exc, Suspended) and exc.code == "suspended"
    assert (exc.until, exc.no_shows, exc.window_days) == (date(2026, 12, 16), 3, 90)
    later = at(2026, 12, 16, 8)
    assert (await book_slot("c1", id_card, center, at(2026, 12, 17, 9), now=later, rules=rules)).status == "booked"


async def test_old_no_shows_do_not_count(db, center, id_card, rules):
    await no_shows("c1", id_card, center, rules, [date(2026, 8, 10), date(2026, 10, 26), date(2026, 11, 16)])
    assert (await book_slot("c1", id_card, center, THU_9, now=NOW, rules=rules)).status == "booked"


async def test_the_no_show_policy_is_configurable(db, center, id_card):
    rules = BookingRules(no_show_limit=1, suspension_days=7)
    await no_shows("c1", id_card, center, rules, [date(2026, 11, 20)])
    exc = await refused(book_slot("c1", id_card, center, THU_9, now=NOW, rules=rules))
    assert isinstance(exc, Suspended) and exc.code == "suspended"
    assert (exc.until, exc.no_shows, exc.window_days) == (date(2026, 11, 27), 1, 90)
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
    assert isinstance(exc, HallClosed) and exc.code == "hall_closed" and exc.why == "大厅临时闭厅（停电检修）"


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


async def full_slot(hall, start) -> None:
    """A slot row with no place left, as if everyone had booked it (the calendar may have changed since)."""
    await SlotRow.create(hall=hall.code, day=start.date(), starts_at=start, ends_at=start + timedelta(minutes=30),
                         capacity=2, booked=2)


async def test_beyond_the_window_is_too_far_not_full(db, center, id_card, rules):
    await full_slot(center, at(2026, 12, 10, 9))
    exc = await refused(book_slot("c1", id_card, center, at(2026, 12, 10, 9), now=NOW, rules=rules))
    assert isinstance(exc, TooFar) and exc.day == date(2026, 12, 10)


async def test_a_holiday_is_closed_not_full(db, center, id_card, rules):
    await full_slot(center, at(2026, 10, 1, 9))
    exc = await refused(book_slot("c1", id_card, center, at(2026, 10, 1, 9), now=at(2026, 9, 28, 10), rules=rules))
    assert isinstance(exc, HallClosed) and exc.day == date(2026, 10, 1)


async def test_a_past_or_imminent_time_is_too_late_not_full(db, center, id_card, rules):
    await full_slot(center, at(2026, 11, 25, 9))
    await full_slot(center, at(2026, 11, 25, 10, 30))
    exc = await refused(book_slot("c1", id_card, center, at(2026, 11, 25, 9), now=NOW, rules=rules))
    assert isinstance(exc, SlotPassed) and exc.code == "too_late"
    exc = await refused(book_slot("c1", id_card, center, at(2026, 11, 25, 10, 30), now=at(2026, 11, 25, 10, 1),
                                  rules=rules))
    assert isinstance(exc, TooLate) and exc.code == "too_late"
