"""我有什么提醒 at a kiosk: the conversation is anonymous, so the robot says where to see and open them."""


async def test_asking_for_my_reminders_at_a_kiosk_says_where_to_see_them(send):
    for text in ("我有什么提醒", "提醒我身份证到期"):
        body = await (await send(text)).json()
        assert "查不到" in body["display"]["text"] and "我有什么提醒" in body["speech"]


async def test_with_todays_booking_code_at_its_hall_the_kiosk_lists_the_pending_reminders(client, send):
    from datetime import timedelta

    from appointments import BookingRules, book_slot
    from handlers.keys import catalog_key, clock_key
    from identity import citizen_for_oa
    from notify import enqueue

    now = client.app[clock_key].now()
    catalog = client.app[catalog_key]
    me = (await citizen_for_oa("o-kiosk-1")).id
    visit = now.replace(hour=15, minute=0)  # this afternoon, at the kiosk's hall
    booking = await book_slot(me, catalog.item("passport"), catalog.hall("zumiao"), visit, now=now,
                              rules=BookingRules())
    await enqueue("application_progress", me, {"item": "passport"}, due_at=now + timedelta(days=2),
                  dedupe_key="kiosk-1", now=now)
    body = await (await send(f"预约码{booking.code}，我有什么提醒")).json()
    text = body["display"]["text"]
    assert "您待发送的提醒" in text and "办件进度" in text and "预约前一天提醒" not in text, text
    assert "微信" in text  # turning them off is done in WeChat
    other = await (await send("预约码ABCD2345，我有什么提醒", conversation="visit-2")).json()
    assert "没有查到" in other["display"]["text"] and "办件进度" not in other["display"]["text"]
