"""Booking in chat: from one sentence, from many turns, and the citizen's own bookings."""

from appointments.models import BookingRow


async def test_one_sentence_needs_only_the_confirmation(say, catalog):
    question = await say("下周一上午去祖庙办护照")
    assert "请确认预约" in question.text
    assert "11月30日（周一）09:00" in question.text
    assert catalog.hall("zumiao").name in question.text and catalog.item("passport").name in question.text
    done = await say("1")
    assert "预约成功" in done.text
    row = await BookingRow.get(citizen="citizen-1")
    assert row.code in done.text
    assert (row.item, row.hall, row.status) == ("passport", "zumiao", "booked")


async def test_many_turns_fill_every_slot_from_numbered_choices(say, catalog):
    asked_item = await say("我想预约")
    assert "哪项业务" in asked_item.text
    halls = await say("换身份证")
    item = catalog.item("id_card_renewal")
    assert [c.label for c in halls.choices] == [h.name for h in catalog.halls_for(item)]
    days = await say("2")
    assert 1 <= len(days.choices) <= 3 and "日期" in days.text
    times = await say("1")
    assert 1 <= len(times.choices) <= 3
    picked_time = times.choices[-1].label[:5]
    confirm = await say(str(len(times.choices)))
    assert picked_time in confirm.text
    done = await say("确认")
    assert "预约成功" in done.text
    row = await BookingRow.get(citizen="citizen-1")
    assert row.hall == catalog.halls_for(item)[1].code


async def test_a_hall_that_does_not_offer_the_item_is_explained(say, catalog):
    reply = await say("预约明天去石湾办护照")
    assert "石湾镇街道行政服务中心不受理“普通护照办理”" in reply.text and "11月26日" in reply.text  # the day is kept
    offered = {c.label for c in reply.choices}
    assert offered == {catalog.hall(h).name for h in catalog.item("passport").halls}


async def test_a_closed_day_offers_other_days(say):
    reply = await say("预约这周六去祖庙办护照")  # 2026-11-28 is a Saturday
    assert "请另选日期" in reply.text
    assert reply.choices and all("11月28日" not in c.label for c in reply.choices)


async def test_query_and_cancel_by_day(say):
    await say("下周一上午去祖庙办护照")
    await say("确认")
    mine = await say("我约了哪天")
    row = await BookingRow.get(citizen="citizen-1")
    assert row.code in mine.text and "11月30日" in mine.text
    asked = await say("取消下周一的预约")
    assert "确定要取消" in asked.text and row.code in asked.text
    await row.refresh_from_db()
    assert row.status == "booked"  # nothing is cancelled before the citizen says yes
    cancelled = await say("确认取消")
    assert "已取消" in cancelled.text
    await row.refresh_from_db()
    assert row.status == "cancelled"
    none_left = await say("我约的是几点")
    assert "没有预约" in none_left.text


async def test_bookings_are_private_to_each_citizen(say):
    await say("下周一上午去祖庙办护照", user="a")
    await say("确认", user="a")
    other = await say("我约了哪天", user="b")
    assert "没有预约" in other.text
    refused = await say("取消下周一的预约", user="b")
    assert "没有可以取消" in refused.text
    assert await BookingRow.filter(status="booked").count() == 1


async def test_asking_something_else_leaves_the_booking_flow(say, catalog):
    await say("我想预约")
    reply = await say("转人工")
    assert "人工" in reply.text


async def test_cancelling_in_the_middle_of_booking_cancels_instead(say):
    await say("下周一上午去祖庙办护照")
    await say("确认")
    await say("我还想预约换身份证")
    asked = await say("取消下周一的预约")
    assert "确定要取消" in asked.text
    reply = await say("1")
    assert "已取消" in reply.text


async def test_a_cancel_declined_keeps_the_booking(say):
    await say("下周一上午去祖庙办护照")
    await say("确认")
    await say("取消预约")
    kept = await say("不取消了")
    assert "保留" in kept.text
    assert await BookingRow.filter(status="booked").count() == 1


async def test_a_number_that_is_not_on_the_list_is_asked_again(say, catalog):
    halls = await say("预约办护照")
    offered = len(halls.choices)
    again = await say(str(offered + 1))
    assert f"1 到 {offered}" in again.text
    days = await say("1")
    assert "日期" in days.text  # the hall question was answered after all


async def test_moving_a_booking_keeps_its_code(say):
    await say("下周一上午去祖庙办护照")
    await say("确认")
    row = await BookingRow.get(citizen="citizen-1")
    question = await say("改到下周二下午")
    assert "请确认改约" in question.text and "12月1日" in question.text
    done = await say("1")
    assert "已改约" in done.text and row.code in done.text
    await row.refresh_from_db()
    assert row.status == "booked" and row.day.isoformat() == "2026-12-01"
    assert await BookingRow.filter(citizen="citizen-1").count() == 1


async def test_booking_the_same_item_again_offers_to_move_the_first(say):
    await say("下周一上午去祖庙办护照")
    await say("确认")
    offer = await say("预约下周三上午去祖庙办护照")
    confirm = await say("1")
    assert "已预约" in confirm.text and "改到" in confirm.text, (offer.text, confirm.text)
    kept = await say("2")
    assert "不变" in kept.text
    row = await BookingRow.get(citizen="citizen-1")
    assert row.day.isoformat() == "2026-11-30"


async def test_the_dialog_state_keeps_a_booking_in_progress_as_typed_values(say, assistant):
    from datetime import date

    from bot.dialog import load_state

    await say("预约下周一上午去祖庙办护照")
    state = await load_state(assistant.redis, "chat", "citizen-1")
    assert state.awaiting == "book_confirm" and state.booking is not None
    assert (state.booking.item, state.booking.hall, state.booking.day) == ("passport", "zumiao", date(2026, 11, 30))
    assert state.booking.start is not None and state.booking.start.hour < 12
