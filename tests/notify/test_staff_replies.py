"""A staff reply to a handoff or a complaint reaches the citizen as a chat (customer-service) message:
at once within the 48 hours after their last message, else when they write again; never a reminder's
consent, so "不要再提醒了" does not hold it back; given up after REPLY_WAIT."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import aiohttp
import pytest

from bot.handoff import open_handoff, reply_to_handoff
from core.settings import Settings
from handlers.keys import catalog_key, redis_key
from identity import citizen_for_oa
from notify import ALL, Dispatcher, dispatch_due, note_message, shipped_rules, unsubscribe
from notify.dispatch import REPLY_WAIT
from notify.models import Outbox
from progress.complaints import open_complaint, reply_to_complaint
from tests import backend
from tests.conftest import NOV_25_10AM
from tests.fakes.wechat_platform import APP_ID, SECRET, FakePlatform, wechat_platform  # noqa: F401
from wechat import WeChatClient


@pytest.fixture
def settings(tmp_path, wechat_platform: FakePlatform) -> Settings:  # noqa: F811
    return Settings(database_url=backend.database_url(tmp_path), redis_url=backend.redis_url(),
                    wechat_api_base=wechat_platform.url,
                    wechat_appid=APP_ID, wechat_appsecret=SECRET)


@pytest.fixture
async def dispatcher(client, wechat_platform: FakePlatform) -> AsyncIterator[Dispatcher]:  # noqa: F811
    app = client.server.app
    async with aiohttp.ClientSession() as session:
        wx = WeChatClient(session, app[redis_key], base_url=wechat_platform.url, app_id=APP_ID, secret=SECRET,
                          attempts=1, backoff=0, cool_down=0)
        yield Dispatcher(wx, app[redis_key], shipped_rules(), app[catalog_key], rate=1000)


async def asked(openid: str) -> tuple[str, int]:
    citizen = (await citizen_for_oa(openid)).id
    handoff, _ = await open_handoff(channel="wechat", user=citizen, reason="human", text="我要找人工",
                                    item=None, now=NOV_25_10AM)
    return citizen, handoff.id


async def test_within_48_hours_the_reply_goes_at_once_even_after_no_more_reminders(
        client, dispatcher, wechat_platform):  # noqa: F811
    citizen, handoff = await asked("o-asker-1")
    redis = client.server.app[redis_key]
    await note_message(redis, citizen, NOV_25_10AM)
    await unsubscribe(citizen, [ALL], now=NOV_25_10AM)  # 不要再提醒了: reminders stop, answers do not
    await reply_to_handoff(handoff, "您好，请明天上午带身份证到3号窗口。", staff="cleo", now=NOV_25_10AM)
    report = await dispatch_due(dispatcher, now=NOV_25_10AM + timedelta(minutes=1))
    assert report.sent == 1
    [text] = wechat_platform.texts_to("o-asker-1")
    assert "请明天上午带身份证到3号窗口" in text and "下一步" in text
    row = await Outbox.get(kind="handoff_reply")
    assert (row.status, row.channel) == ("sent", "customer_service")


async def test_outside_the_window_the_reply_waits_for_the_next_message(client, dispatcher, wechat_platform):  # noqa: F811
    citizen, handoff = await asked("o-asker-2")
    await reply_to_handoff(handoff, "材料齐了，可以直接来办。", staff="cleo", now=NOV_25_10AM)
    later = NOV_25_10AM + timedelta(minutes=1)
    assert (await dispatch_due(dispatcher, now=later)).deferred == 1
    row = await Outbox.get(kind="handoff_reply")
    assert row.status == "pending" and row.due_at == NOV_25_10AM + REPLY_WAIT and not wechat_platform.sent
    assert (await dispatch_due(dispatcher, now=later + timedelta(hours=3))).sent == 0  # not due: no call at all
    written = NOV_25_10AM + timedelta(days=2)
    await note_message(client.server.app[redis_key], citizen, written)  # they write again: it is due now
    report = await dispatch_due(dispatcher, now=written + timedelta(minutes=1))
    assert report.sent == 1 and "材料齐了" in wechat_platform.texts_to("o-asker-2")[0]


async def test_a_reply_nobody_wrote_back_for_is_given_up_and_a_complaint_answer_goes_too(
        client, dispatcher, wechat_platform):  # noqa: F811
    _, handoff = await asked("o-asker-3")
    await reply_to_handoff(handoff, "已处理。", staff="cleo", now=NOV_25_10AM)
    await dispatch_due(dispatcher, now=NOV_25_10AM + timedelta(minutes=1))
    report = await dispatch_due(dispatcher, now=NOV_25_10AM + REPLY_WAIT + timedelta(minutes=1))
    assert report.skipped == 1 and (await Outbox.get(kind="handoff_reply")).status == "skipped"
    other = (await citizen_for_oa("o-asker-4")).id
    await note_message(client.server.app[redis_key], other, NOV_25_10AM)
    ticket = await open_complaint(other, "wechat", "窗口排队太久", now=NOV_25_10AM)
    await reply_to_complaint(ticket.id, "已加开窗口，感谢反映。", staff="sup", now=NOV_25_10AM)
    assert (await dispatch_due(dispatcher, now=NOV_25_10AM + timedelta(minutes=1))).sent == 1
    assert "已加开窗口" in wechat_platform.texts_to("o-asker-4")[0]
