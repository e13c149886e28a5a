"""The platform retries a message it got no answer to: a retry gets the same answer and never
repeats a side effect; a slow answer goes out as customer-service messages, exactly once."""

from __future__ import annotations

import asyncio

import pytest

from bot import Card, Reply
from core.settings import Settings
from tests import backend
from tests.fakes.wechat_platform import FakePlatform
from tests.wechat.callback import (  # noqa: F401  (fixtures: mode, settings, wechat, bot, wechat_platform)
    AES_KEY,
    NOW,
    OPENID,
    Bot,
    WeChatSender,
    bot,
    event,
    message,
    mode,
    wechat,
    wechat_platform,
)

DEADLINE = 0.3  # Settings.reply_deadline for these tests: 4 seconds in production


@pytest.fixture
def settings(tmp_path, wechat_platform: FakePlatform, mode: str) -> Settings:  # noqa: F811
    return Settings(database_url=backend.database_url(tmp_path), redis_url=backend.redis_url(),
                    wechat_api_base=wechat_platform.url, wechat_appid=wechat_platform.app_id,
                    wechat_appsecret=wechat_platform.secret, wechat_mode=mode, wechat_aes_key=AES_KEY,
                    reply_deadline=DEADLINE)


async def until(condition, timeout: float = 3.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, "timed out waiting"
        await asyncio.sleep(0.02)


async def test_a_retried_message_gets_the_same_answer_and_one_bot_call(wechat: WeChatSender, bot: Bot, mode: str):
    fields = message("text", Content="换身份证要带什么")
    answers = [await wechat.send(fields) for _ in range(3)]  # the platform tries three times
    assert answers[0].content.strip()
    assert {a.content for a in answers} == {answers[0].content}
    assert all(a.status == 200 for a in answers)
    assert len(bot.heard) == 1


async def test_a_retried_event_gets_the_same_answer_and_one_bot_call(wechat: WeChatSender, bot: Bot, mode: str):
    first = await wechat.send(event("CLICK", EventKey="GUIDE"))
    again = await wechat.send(event("CLICK", EventKey="GUIDE"))
    assert first.content.strip() and again.content == first.content
    assert len(bot.heard) == 1
    later = await wechat.send(event("CLICK", EventKey="GUIDE", create_time=NOW + 60))  # tapped again later
    assert later.content.strip() and len(bot.heard) == 2


async def test_two_menu_taps_in_the_same_second_are_two_events(wechat: WeChatSender, bot: Bot):
    await wechat.send(event("CLICK", EventKey="GUIDE"))
    await wechat.send(event("CLICK", EventKey="MINE"))
    assert [inbound.text for inbound in bot.heard] == ["办事指南", "我的预约"]


async def test_a_retried_subscribe_gets_the_same_greeting(wechat: WeChatSender, bot: Bot, mode: str):
    first = await wechat.send(event("subscribe"))
    again = await wechat.send(event("subscribe"))
    assert "欢迎" in first.content and again.content == first.content
    assert bot.heard == []  # greeted at the door: the bot hears only what citizens say


async def test_different_messages_are_answered_separately(wechat: WeChatSender, bot: Bot):
    await wechat.send(message("text", Content="你好"))
    await wechat.send(message("text", Content="你好"))
    assert len(bot.heard) == 2


async def test_a_slow_answer_goes_out_once_as_a_customer_service_message(wechat: WeChatSender, bot: Bot,
                                                                          wechat_platform: FakePlatform, mode: str):
    bot.delay = DEADLINE + 0.3
    fields = message("text", Content="换身份证要带什么")

    first = await wechat.send(fields)
    assert (first.status, first.text) == (200, "success")
    await until(lambda: wechat_platform.texts_to(OPENID))
    (late,) = wechat_platform.texts_to(OPENID)
    assert late.strip()

    retry = await wechat.send(fields)  # the platform's retry, after the late delivery
    assert (retry.status, retry.text) == (200, "success")
    await asyncio.sleep(0.2)
    assert wechat_platform.texts_to(OPENID) == [late]
    assert len(bot.heard) == 1


async def test_a_retry_while_pending_waits_for_the_answer(wechat: WeChatSender, bot: Bot,
                                                          wechat_platform: FakePlatform, mode: str):
    bot.delay, bot.reply = DEADLINE * 0.5, Reply.plain("您好！请说您要办的事。")  # ready within the deadline
    fields = message("text", Content="你好")

    first, retry = await asyncio.gather(wechat.send(fields), delayed(0.05, wechat.send(fields)))

    assert first.content.strip() and retry.content == first.content
    assert len(bot.heard) == 1
    assert wechat_platform.sent == []


async def test_a_retry_racing_the_late_delivery_never_delivers_twice(wechat: WeChatSender, bot: Bot,
                                                                    wechat_platform: FakePlatform, mode: str):
    bot.delay = DEADLINE * 1.5  # late for the first delivery, within the retry's wait
    fields = message("text", Content="你好")

    first, retry = await asyncio.gather(wechat.send(fields), delayed(DEADLINE * 0.9, wechat.send(fields)))
    await asyncio.sleep(0.3)

    assert first.text == "success"
    delivered = [bool(retry.content)] + [True] * len(wechat_platform.texts_to(OPENID))
    assert delivered.count(True) == 1, (retry.text, wechat_platform.sent)
    assert len(bot.heard) == 1


async def test_a_long_answer_is_split_and_the_rest_sent_once(wechat: WeChatSender, bot: Bot,
                                                             wechat_platform: FakePlatform, mode: str):
    paragraphs = [f"第{i}段：" + "请携带居民身份证原件和户口簿。" * 40 for i in range(3)]
    bot.reply = Reply.plain("\n\n".join(paragraphs))
    fields = message("text", Content="换身份证要带什么")

    first = await wechat.send(fields)
    await until(lambda: len(wechat_platform.sent) >= 2)
    retry = await wechat.send(fields)
    await asyncio.sleep(0.2)

    assert first.content.startswith("第0段") and retry.content == first.content
    rest = wechat_platform.texts_to(OPENID)
    assert [r[:3] for r in rest] == ["第1段", "第2段"]
    assert all(len(p.encode()) <= 2048 for p in [first.content, *rest])


async def test_cards_follow_as_news_messages(wechat: WeChatSender, bot: Bot, wechat_platform: FakePlatform):
    bot.reply = Reply(text="为您找到办事指南：", cards=(Card("居民身份证换领", "材料与地点", "https://example.gov.cn/id"),))
    answer = await wechat.send(message("text", Content="换身份证"))
    assert answer.content == "为您找到办事指南："
    await until(lambda: wechat_platform.sent)
    (news,) = wechat_platform.sent
    assert news["msgtype"] == "news" and news["news"]["articles"][0]["url"] == "https://example.gov.cn/id"


async def test_a_reply_of_cards_alone_is_a_news_reply(wechat: WeChatSender, bot: Bot, mode: str):
    bot.reply = Reply(text="", cards=(Card("居民身份证换领", "材料与地点", "https://example.gov.cn/id"),))
    answer = await wechat.send(message("text", Content="换身份证"))
    assert answer.fields["MsgType"] == "news"
    assert answer.fields["ArticleCount"] == "1"
    assert answer.fields["Articles"]["item"]["Url"] == "https://example.gov.cn/id"


async def test_a_slow_long_answer_is_delivered_whole_and_once(wechat: WeChatSender, bot: Bot,
                                                              wechat_platform: FakePlatform):
    bot.delay = DEADLINE + 0.2
    bot.reply = Reply.plain("\n\n".join("请携带居民身份证原件。" * 60 for _ in range(2)))
    fields = message("text", Content="换身份证要带什么")
    assert (await wechat.send(fields)).text == "success"
    await until(lambda: len(wechat_platform.sent) >= 2)
    assert (await wechat.send(fields)).text == "success"
    await asyncio.sleep(0.2)
    assert len(wechat_platform.sent) == 2


async def test_a_failed_answer_is_produced_again_on_retry(wechat: WeChatSender, bot: Bot, monkeypatch):
    import handlers.wechat

    working = handlers.wechat.respond
    calls = []

    async def broken_once(inbound, assistant, *, now):
        calls.append(inbound)
        if len(calls) == 1:
            raise RuntimeError("the bot tripped")
        return await working(inbound, assistant, now=now)

    monkeypatch.setattr(handlers.wechat, "respond", broken_once)
    fields = message("text", Content="你好")
    first = await wechat.send(fields)
    retry = await wechat.send(fields)
    assert first.status == 200 and "开小差" in first.content  # a calm reply, never WeChat's error page
    assert retry.status == 200 and retry.content.strip() and "开小差" not in retry.content
    assert len(calls) == 2


async def delayed(seconds: float, coro):
    await asyncio.sleep(seconds)
    return await coro


async def test_the_same_msgid_from_another_follower_is_their_own_message(wechat: WeChatSender, bot: Bot):
    from bot import Reply

    bot.reply = Reply.plain("A 的预约码：ABCD1234")
    first = await wechat.send(message("text", Content="我约了哪天", msg_id=777))
    bot.reply = Reply.plain("您目前没有预约。")
    other = await wechat.send(message("text", Content="我约了哪天", msg_id=777, openid="oYmnT0penid_citizen-000002"))
    assert "ABCD1234" in first.content
    assert "ABCD1234" not in other.content and len(bot.heard) == 2
