"""Check-in and the queue in the conversation: by the code said, or the citizen's only booking today."""

from __future__ import annotations

from datetime import datetime

from appointments.models import BookingRow
from bot.conversation import respond
from bot.inbound import Inbound

from ..conftest import NOV_25_10AM


async def booked_today(say) -> BookingRow:
    await say("今天下午两点去祖庙办护照")
    await say("确认")
    return await BookingRow.get(citizen="citizen-1")


async def test_checking_in_by_the_code_said_gives_a_queue_number(say, assistant):
    row = await booked_today(say)
    at_the_hall = datetime(2026, 11, 25, 13, 40, tzinfo=NOV_25_10AM.tzinfo)
    inbound = Inbound(channel="robot", user="kiosk-1:v1", kind="voice", message_id="9",
                      text=f"我的预约码是{row.code.lower()}，我要签到")
    reply = await respond(inbound, assistant, now=at_the_hall)
    assert "签到成功" in reply.text and "排队号" in reply.text
    await row.refresh_from_db()
    assert row.status == "checked_in" and row.queue_number is not None


async def test_too_early_is_said_and_nothing_changes(say):
    row = await booked_today(say)
    reply = await say("我要签到")  # 10:00, the slot is at 14:00: check-in opens an hour before
    assert "签到从" in reply.text
    await row.refresh_from_db()
    assert row.status == "booked"


async def test_a_phone_cannot_check_in_someone_elses_code(say):
    row = await booked_today(say)
    reply = await say(f"预约码{row.code}签到", user="someone-else")
    assert "签到成功" not in reply.text
    await row.refresh_from_db()
    assert row.status == "booked"


async def test_asking_the_queue_before_checking_in(say):
    await booked_today(say)
    reply = await say("我排到几号了")
    assert "还没有签到" in reply.text
