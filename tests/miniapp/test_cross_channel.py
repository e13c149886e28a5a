"""One citizen, two doors: a booking made in the official account's chat shows up in the app."""

from __future__ import annotations

import asyncio

from identity import Citizen
from tests.wechat.callback import OPENID, WeChatSender, message


async def joined(openid: str, unionid: str, timeout: float = 3.0) -> None:
    """The UnionID join runs after the reply, in the background: wait for it."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while (row := await Citizen.get_or_none(oa_openid=openid)) is None or row.unionid != unionid:
        assert loop.time() < deadline, "the follower was not joined by UnionID"
        await asyncio.sleep(0.02)


async def test_a_booking_made_in_the_official_account_shows_in_the_app(client, settings, wechat_platform, login):
    wechat_platform.unionids[OPENID] = "union-9"  # both apps are bound to one Open Platform account
    me = await login("mini-openid-9", unionid="union-9")
    official_account = WeChatSender(client, settings)
    first = await official_account.send(message("text", Content="你好"))  # answered before the platform is asked
    assert first.status == 200 and first.content.strip()
    await joined(OPENID, "union-9")
    asked = await official_account.send(message("text", Content="下周一上午去祖庙办护照"))
    assert "请确认预约" in asked.content
    done = await official_account.send(message("text", Content="1"))
    assert "预约成功" in done.content
    listing = await (await client.get("/api/v1/appointments", headers=me["headers"])).json()
    assert [(a["item"], a["hall"]) for a in listing["appointments"]] == [("passport", "zumiao")]
    assert listing["appointments"][0]["code"] in done.content


async def test_without_a_unionid_the_doors_stay_apart(client, settings, login):
    me = await login("mini-openid-10")
    official_account = WeChatSender(client, settings)
    await official_account.send(message("text", Content="下周一上午去祖庙办护照"))
    await official_account.send(message("text", Content="1"))
    listing = await (await client.get("/api/v1/appointments", headers=me["headers"])).json()
    assert listing["appointments"] == []
