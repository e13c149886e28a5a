"""Dispatch against the fake platform: consent, the 48 hours, grants, quiet hours, caps, retries,
dead letters, leases, and the notices appointments/ and progress/ write."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from appointments import BookingRules, book_slot
from core.clock import SHANGHAI
from notify import add_grants, dead_letters, dispatch_due, enqueue, note_message, record_delivery, subscribe
from notify.dispatch import claim
from notify.models import Outbox
from notify.render import sent_kinds
from progress import Actor, open_application

from .conftest import follower

NOON = datetime(2026, 11, 25, 12, 0, tzinfo=SHANGHAI)
PAYLOAD = {"item": "id_card_renewal", "date": "2027年1月10日", "days_left": "46"}


async def expiry_row(citizen: str, period: str = "2027-01-10", due: datetime = NOON) -> Outbox:
    return await Outbox.create(kind="id_card_expiry", rule="id_card_expiry", period=period, citizen=citizen,
                               payload=PAYLOAD, due_at=due, dedupe_key=f"id_card_expiry:{citizen}:{period}",
                               created_at=due)


async def progress_row(citizen: str, n: int = 1, status: str = "in_progress") -> Outbox:
    return await enqueue("application_progress", citizen,
                         {"number": f"BJ2026112500000{n}", "item": "passport", "stage": "审核", "status": status,
                          "promised_on": "2026-12-10", "missing": ["户口本"], "reason": ""},
                         due_at=NOON, dedupe_key=f"application_progress:{n}", now=NOON)


async def test_a_consented_life_cycle_reminder_goes_as_a_long_term_subscribe_message(dispatcher, wechat_platform):
    me = await follower("o-citizen-1")
    await subscribe(me, ["id_card"], now=NOON)
    await expiry_row(me)
    report = await dispatch_due(dispatcher, now=NOON)
    assert report.sent == 1
    push = wechat_platform.pushes[0]
    assert push["api"] == "cgi-bin/message/subscribe/bizsend" and push["touser"] == "o-citizen-1"
    assert push["data"]["thing1"]["value"] == "居民身份证换领（有效期满）"[:20]
    row = await Outbox.get()
    assert (row.status, row.channel, row.sent_at) == ("sent", "subscribe_long", NOON)
    assert (await dispatch_due(dispatcher, now=NOON + timedelta(minutes=1))).sent == 0  # once
    assert len(wechat_platform.pushes) == 1


async def test_without_consent_nothing_goes(dispatcher, wechat_platform):
    me = await follower("o-citizen-1")
    await expiry_row(me)
    assert (await dispatch_due(dispatcher, now=NOON)).skipped == 1
    assert wechat_platform.pushes == [] and (await Outbox.get()).error == "no consent for this topic"


async def test_progress_goes_as_chat_within_48_hours_of_the_last_message(dispatcher, wechat_platform, redis):
    me = await follower("o-citizen-1")
    await note_message(redis, me, NOON - timedelta(hours=47))
    await progress_row(me)
    assert (await dispatch_due(dispatcher, now=NOON)).sent == 1
    assert "已到“审核”环节" in wechat_platform.texts_to("o-citizen-1")[0]
    assert "12月10日" in wechat_platform.texts_to("o-citizen-1")[0]


async def test_after_48_hours_a_one_time_grant_is_spent_per_send(dispatcher, wechat_platform, redis):
    me = await follower("o-citizen-1")
    await note_message(redis, me, NOON - timedelta(hours=49))
    await add_grants(me, "TPL_PROGRESS", 1, now=NOON)
    await progress_row(me, 1)
    await progress_row(me, 2, status="supplement")
    report = await dispatch_due(dispatcher, now=NOON)
    assert (report.sent, report.skipped) == (1, 1)  # one grant, one send; the second has no channel
    assert wechat_platform.texts_to("o-citizen-1") == [] and len(wechat_platform.pushes) == 1
    skipped = await Outbox.get(status="skipped")
    assert "no channel" in (skipped.error or "")


async def test_opting_out_stops_even_service_notices(dispatcher, wechat_platform, redis):
    from notify import unsubscribe
    me = await follower("o-citizen-1")
    await note_message(redis, me, NOON)
    await unsubscribe(me, ["all"], now=NOON)
    await progress_row(me)
    assert (await dispatch_due(dispatcher, now=NOON)).skipped == 1
    assert wechat_platform.sent == []


async def test_quiet_hours_queue_to_08_00(dispatcher, wechat_platform):
    me = await follower("o-citizen-1")
    await subscribe(me, ["all"], now=NOON)
    late = datetime(2026, 11, 25, 21, 0, tzinfo=SHANGHAI)
    await expiry_row(me, due=late)
    assert (await dispatch_due(dispatcher, now=late)).deferred == 1
    row = await Outbox.get()
    assert (row.status, row.due_at) == ("pending", datetime(2026, 11, 26, 8, 0, tzinfo=SHANGHAI))
    assert (await dispatch_due(dispatcher, now=datetime(2026, 11, 26, 7, 59, tzinfo=SHANGHAI))).sent == 0
    assert (await dispatch_due(dispatcher, now=datetime(2026, 11, 26, 8, 0, tzinfo=SHANGHAI))).sent == 1
    early = datetime(2026, 11, 27, 6, 30, tzinfo=SHANGHAI)
    await expiry_row(me, period="p2", due=early)
    await dispatch_due(dispatcher, now=early)
    assert (await Outbox.get(period="p2")).due_at == datetime(2026, 11, 27, 8, 0, tzinfo=SHANGHAI)  # same morning


async def test_the_daily_cap_moves_the_rest_to_the_next_morning(dispatcher, wechat_platform):
    me = await follower("o-citizen-1")
    await subscribe(me, ["all"], now=NOON)
    for n in range(5):
        await expiry_row(me, period=f"p{n}")
    report = await dispatch_due(dispatcher, now=NOON)
    assert (report.sent, report.deferred) == (3, 2)
    assert {r.due_at for r in await Outbox.filter(status="pending")} == {
        datetime(2026, 11, 26, 8, 0, tzinfo=SHANGHAI)}


async def test_busy_and_quota_are_retried_with_exponential_backoff(dispatcher, wechat_platform):
    me = await follower("o-citizen-1")
    await subscribe(me, ["all"], now=NOON)
    await expiry_row(me)
    wechat_platform.fail("cgi-bin/message/subscribe/bizsend", "busy")
    assert (await dispatch_due(dispatcher, now=NOON)).deferred == 1
    row = await Outbox.get()
    assert (row.status, row.attempts, row.due_at) == ("pending", 1, NOON + timedelta(seconds=60))
    wechat_platform.fail("cgi-bin/message/subscribe/bizsend", "quota")
    await dispatch_due(dispatcher, now=NOON + timedelta(seconds=60))
    row = await Outbox.get()
    assert (row.attempts, row.due_at) == (2, NOON + timedelta(seconds=60 + 120))
    assert "45009" in (row.error or "")
    assert (await dispatch_due(dispatcher, now=NOON + timedelta(seconds=180))).sent == 1
    assert len(wechat_platform.pushes) == 1


async def test_a_refusal_is_final_and_listed_for_staff(dispatcher, wechat_platform):
    me = await follower("o-citizen-1")
    await subscribe(me, ["all"], now=NOON)
    await expiry_row(me)
    wechat_platform.refused.add("o-citizen-1")
    assert (await dispatch_due(dispatcher, now=NOON)).dead == 1
    row = await Outbox.get()
    assert row.status == "failed" and "43101" in (row.error or "") and row.attempts == 1
    await dispatch_due(dispatcher, now=NOON + timedelta(hours=3))
    assert wechat_platform.calls["cgi-bin/message/subscribe/bizsend"] == 1  # never retried
    assert [r.id for r in await dead_letters()] == [row.id]


async def test_retries_end_in_the_dead_letter_list(dispatcher, wechat_platform):
    me = await follower("o-citizen-1")
    await subscribe(me, ["all"], now=NOON)
    await expiry_row(me)
    at = NOON
    for _ in range(6):
        wechat_platform.fail("cgi-bin/message/subscribe/bizsend", "500")
        await dispatch_due(dispatcher, now=at)
        at = (await Outbox.get()).due_at
    row = await Outbox.get()
    assert row.status == "failed" and row.attempts == 6 and "gave up" in (row.error or "")


async def test_a_timeout_is_not_resent_blindly(dispatcher, wechat_platform):
    """The fake got the message but answered too late: resending would make it twice."""
    me = await follower("o-citizen-1")
    await subscribe(me, ["all"], now=NOON)
    await expiry_row(me)
    wechat_platform.hang = 0.6
    wechat_platform.fail("cgi-bin/message/subscribe/bizsend", "timeout")
    assert (await dispatch_due(dispatcher, now=NOON)).dead == 1
    assert (await Outbox.get()).status == "unknown"
    await dispatch_due(dispatcher, now=NOON + timedelta(hours=1))
    assert wechat_platform.calls["cgi-bin/message/subscribe/bizsend"] == 1


async def test_a_killed_dispatchers_claimed_rows_are_retried_its_sending_row_is_not(dispatcher, wechat_platform):
    me = await follower("o-citizen-1")
    await subscribe(me, ["all"], now=NOON)
    for n in range(3):
        await expiry_row(me, period=f"p{n}")
    token, rows = await claim(sent_kinds(dispatcher.rules), now=NOON, batch=10)  # a worker claims three…
    await Outbox.filter(id=rows[0].id).update(status="sending")  # …starts the first call and is killed
    assert (await dispatch_due(dispatcher, now=NOON + timedelta(minutes=1))).sent == 0  # the lease holds
    report = await dispatch_due(dispatcher, now=NOON + timedelta(minutes=6))
    assert (report.recovered, report.sent) == (3, 2)
    assert (await Outbox.get(id=rows[0].id)).status == "unknown"
    assert len(wechat_platform.pushes) == 2


async def test_the_day_before_reminder_of_a_booking_after_a_holiday(dispatcher, wechat_platform, redis, catalog):
    """A visit on Monday 2026-10-12 after the National Day week: reminded on Sunday, the day before, at the
    booking rules' hour; the booking is made on a working day inside the 48 hours."""
    me = await follower("o-citizen-1")
    booked_at = datetime(2026, 10, 9, 10, 0, tzinfo=SHANGHAI)
    visit = datetime(2026, 10, 12, 9, 0, tzinfo=SHANGHAI)
    await book_slot(me, catalog.item("passport"), catalog.hall("zumiao"), visit, now=booked_at, rules=BookingRules())
    await note_message(redis, me, datetime(2026, 10, 10, 12, 0, tzinfo=SHANGHAI))
    row = await Outbox.get(kind="appointment_reminder")
    assert row.due_at.astimezone(SHANGHAI).date() == date(2026, 10, 11)
    assert (await dispatch_due(dispatcher, now=row.due_at - timedelta(minutes=1))).sent == 0
    assert (await dispatch_due(dispatcher, now=row.due_at)).sent == 1
    text = wechat_platform.texts_to("o-citizen-1")[0]
    assert "明天09:00" in text and "祖庙" in text and "取消预约" in text


async def test_a_stage_change_from_progress_is_sent(dispatcher, wechat_platform, redis, catalog):
    me = await follower("o-citizen-1")
    await note_message(redis, me, NOON)
    await open_application(catalog.item("passport"), catalog.hall("zumiao"), me, "wechat",
                           actor=Actor("staff", "s1"), now=NOON)
    assert (await dispatch_due(dispatcher, now=NOON)).sent == 1
    assert "申请受理" in wechat_platform.texts_to("o-citizen-1")[0]


async def test_template_delivery_status_is_recorded(db):
    await Outbox.create(kind="k", citizen="c", payload={}, due_at=NOON, dedupe_key="k1", created_at=NOON,
                        status="sent", msgid="1001")
    assert await record_delivery("1001", "success")
    assert (await Outbox.get()).delivery == "success"
