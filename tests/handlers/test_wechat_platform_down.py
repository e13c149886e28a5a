"""Nothing outside Yimen on the reply path: with the platform down (it answers after 10 s), a burst
of citizens who have never written before each get their passive reply within WeChat's 5 seconds;
the UnionID lookups and the rest of long answers go to the platform afterwards, in the background."""

from __future__ import annotations

import asyncio
import time

import aiohttp
import pytest
import xmltodict
from aiohttp.test_utils import TestClient

from bot import Reply
from core.settings import Settings
from handlers.keys import wechat_key
from handlers.wechat import background_key, extras_key
from handlers.wechat_texts import wechat_texts
from identity import Citizen
from tests import backend
from tests.fakes.wechat_platform import FakePlatform
from tests.wechat.callback import (  # noqa: F401  (fixtures: settings, wechat, bot, wechat_platform)
    AES_KEY,
    OPENID,
    Bot,
    WeChatSender,
    bot,
    message,
    wechat,
    wechat_platform,
    xml,
)

FOLLOWERS = 200
WECHAT_DEADLINE = 5.0  # seconds the platform waits for a passive reply


@pytest.fixture
def settings(tmp_path, wechat_platform: FakePlatform) -> Settings:  # noqa: F811
    return Settings(database_url=backend.database_url(tmp_path), redis_url=backend.redis_url(),
                    wechat_api_base=wechat_platform.url, wechat_appid=wechat_platform.app_id,
                    wechat_appsecret=wechat_platform.secret, wechat_mode="plain", wechat_aes_key=AES_KEY)


async def burst(client: TestClient, wechat: WeChatSender, texts: list[str]) -> list[tuple[int, str, float]]:  # noqa: F811
    """One signed plaintext message from each of len(texts) new followers, all at once."""
    requests = [(wechat.query(), xml(message("text", openid=f"oBurst{n:022d}", Content=text)))
                for n, text in enumerate(texts)]
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as http:
        go = asyncio.Event()

        async def send(query: dict[str, str], body: str) -> tuple[int, str, float]:
            await go.wait()
            started = time.monotonic()
            async with http.post(client.make_url("/wechat"), params=query, data=body.encode(),
                                 headers={"Content-Type": "text/xml"}) as response:
                return response.status, await response.text(), time.monotonic() - started

        sending = [asyncio.create_task(send(q, b)) for q, b in requests]
        await asyncio.sleep(0.1)
        go.set()
        return await asyncio.gather(*sending)


async def test_a_burst_of_new_followers_is_answered_in_time_while_the_platform_is_down(
        client: TestClient, wechat: WeChatSender, wechat_platform: FakePlatform):  # noqa: F811
    wechat_platform.delay = 10.0  # every platform call (token, user/info, customer-service) hangs
    texts = ["换身份证要带什么" if n % 2 else "你好" for n in range(FOLLOWERS)]
    started = time.monotonic()

    answers = await burst(client, wechat, texts)

    wall = time.monotonic() - started
    assert [status for status, _, _ in answers] == [200] * FOLLOWERS
    for _, text, _ in answers:
        fields = xmltodict.parse(text)["xml"]
        assert fields["MsgType"] == "text" and fields["Content"].strip()
    slowest = max(seconds for _, _, seconds in answers)
    assert slowest < WECHAT_DEADLINE, f"slowest reply {slowest:.2f} s"
    assert wall < WECHAT_DEADLINE + 0.5, f"the burst took {wall:.2f} s"
    wechat_platform.delay = 0.0  # let the background work finish before the app closes


LONG = "\n\n".join(f"第{n}段：" + "请带好身份证原件和户口簿。" * 20 for n in range(1, 6))  # about 3 screens


async def until(condition, timeout: float = 3.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, "timed out waiting"
        await asyncio.sleep(0.02)


async def test_extras_the_platform_did_not_take_are_sent_on_the_retry(
        client: TestClient, wechat: WeChatSender, wechat_platform: FakePlatform, bot: Bot):  # noqa: F811
    bot.reply = Reply.plain(LONG)
    client.app[wechat_key].breaker.cool_down = 0.0  # this test is about the mark, not the breaker
    wechat_platform.fail("cgi-bin/message/custom/send", "500", "500", "500")
    fields = message("text", Content="换身份证要带什么")

    first = await wechat.send(fields)
    assert first.status == 200 and first.content.strip()
    await until(lambda: wechat_platform.calls["cgi-bin/message/custom/send"] == 3)
    await until(lambda: client.app[extras_key].pending == 0)
    assert wechat_platform.sent == []  # not taken, so not marked as sent

    again = await wechat.send(fields)  # the platform sends the message again
    assert again.content == first.content
    await until(lambda: len(wechat_platform.texts_to(OPENID)) == len(wechat_texts(bot.reply)) - 1)
    third = await wechat.send(fields)  # and once more: the extras went out once
    assert third.content == first.content
    await until(lambda: client.app[extras_key].pending == 0)
    assert len(wechat_platform.texts_to(OPENID)) == len(wechat_texts(bot.reply)) - 1
    assert len(bot.heard) == 1


async def test_extras_pending_for_a_hanging_platform_are_capped(
        client: TestClient, wechat: WeChatSender, wechat_platform: FakePlatform, bot: Bot):  # noqa: F811
    bot.reply = Reply.plain(LONG)
    wechat_platform.delay = 10.0
    client.app[extras_key].limit = 3
    for n in range(6):
        answer = await wechat.send(message("text", openid=f"oCap{n:022d}", Content="换身份证要带什么"))
        assert answer.status == 200 and answer.content.strip()
    assert client.app[extras_key].pending == 3
    wechat_platform.delay = 0.0


async def test_a_follower_is_asked_for_a_unionid_once_a_day_after_the_reply(
        client: TestClient, wechat: WeChatSender, wechat_platform: FakePlatform):  # noqa: F811
    wechat_platform.unionids[OPENID] = "union-7"
    for text in ("你好", "换身份证要带什么", "谢谢"):
        answer = await wechat.send(message("text", Content=text))
        assert answer.status == 200 and answer.content.strip()
    await until(lambda: not client.app[background_key])
    assert wechat_platform.calls["cgi-bin/user/info"] == 1
    assert (await Citizen.get(oa_openid=OPENID)).unionid == "union-7"


async def test_without_a_unionid_a_known_follower_is_not_asked_again(
        client: TestClient, wechat: WeChatSender, wechat_platform: FakePlatform):  # noqa: F811
    for text in ("你好", "谢谢", "再见"):
        await wechat.send(message("text", Content=text))
        await until(lambda: not client.app[background_key])
    assert wechat_platform.calls["cgi-bin/user/info"] == 1
