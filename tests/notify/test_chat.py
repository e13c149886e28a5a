"""提醒我… and 不要再提醒了 in chat: at once, by topic or for all."""

from __future__ import annotations

import pytest

from bot import Assistant
from bot.conversation import respond
from bot.inbound import Inbound
from intents import build_nlu
from notify import subscribed_topics, within_window
from notify.consent import ALL
from tests import backend

from ..conftest import NOV_25_10AM


@pytest.fixture(scope="module")
def nlu(catalog):
    return build_nlu(catalog)


@pytest.fixture
async def say(db, catalog, nlu):
    redis = backend.redis_client()
    assistant = Assistant(catalog=catalog, nlu=nlu, redis=redis)
    count = 0

    async def turn(text: str) -> str:
        nonlocal count
        count += 1
        reply = await respond(Inbound(channel="wechat", user="c1", kind="text", message_id=str(count), text=text),
                              assistant, now=NOV_25_10AM)
        return reply.text

    turn.redis = redis  # type: ignore[attr-defined]
    yield turn
    await redis.aclose()


async def test_remind_me_of_the_id_card_subscribes_that_topic(say) -> None:
    answer = await say("身份证快到期了提醒我")
    assert "已为您开启身份证提醒" in answer and "不要再提醒了" in answer
    assert await subscribed_topics("c1") == {"id_card": True}
    assert await within_window(say.redis, "c1", NOV_25_10AM)


async def test_remind_me_with_no_topic_subscribes_all_and_stop_withdraws_at_once(say) -> None:
    assert "已为您开启" in await say("帮我设个提醒")
    assert await subscribed_topics("c1") == {ALL: True}
    answer = await say("不要再给我发提醒了")
    assert "已关闭所有提醒" in answer and "提醒我" in answer
    assert await subscribed_topics("c1") == {ALL: False}


async def test_an_item_without_reminders_is_said_so(say) -> None:
    answer = await say("护照快过期了记得提醒我")
    assert "暂未开通" in answer
    assert await subscribed_topics("c1") == {}


async def test_closing_one_topic(say) -> None:
    await say("帮我设个提醒")
    assert "已关闭身份证提醒" in await say("关闭身份证到期提醒")
    assert await subscribed_topics("c1") == {ALL: True, "id_card": False}
