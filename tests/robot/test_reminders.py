"""我有什么提醒 at a kiosk: the conversation is anonymous, so the robot says where to see and open them."""


async def test_asking_for_my_reminders_at_a_kiosk_says_where_to_see_them(send):
    for text in ("我有什么提醒", "提醒我身份证到期"):
        body = await (await send(text)).json()
        assert "查不到" in body["display"]["text"] and "我有什么提醒" in body["speech"]
