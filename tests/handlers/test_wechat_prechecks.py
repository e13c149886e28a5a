"""The chat flow over real HTTP: "帮我预审换身份证的材料" lists the materials and remembers the item; each photo
sent gets "收到，正在核对…" at once, and the one-time notice follows as a customer-service message, the
photo downloaded from the fake platform's media/get off the reply path. A second item is offered the card
kept for the first; it counts only after the citizen's yes, and that use is logged once."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from core.settings import Settings
from prechecks.models import VaultUse
from tests import backend
from tests.prechecks.conftest import documents  # noqa: F401  (the session's generated documents)
from tests.wechat.callback import (  # noqa: F401  (fixtures: mode, settings, wechat, wechat_platform)
    OPENID,
    FakePlatform,
    WeChatSender,
    message,
    wechat,
    wechat_platform,
)


@pytest.fixture(params=["plain"])
def mode(request: pytest.FixtureRequest) -> str:  # noqa: F811
    return request.param


@pytest.fixture
def settings(tmp_path: Path, wechat_platform: FakePlatform, mode: str) -> Settings:  # noqa: F811
    return Settings(database_url=backend.database_url(tmp_path), redis_url=backend.redis_url(),
                    wechat_api_base=wechat_platform.url, wechat_appid=wechat_platform.app_id,
                    wechat_appsecret=wechat_platform.secret, wechat_mode=mode,
                    uploads_dir=str(tmp_path / "uploads"), precheck_workers=1)


async def sent_after(platform: FakePlatform, count: int) -> list[str]:
    for _ in range(600):  # the check runs in the pool: wait for the push, not for a time
        texts = platform.texts_to(OPENID)
        if len(texts) >= count:
            return texts
        await asyncio.sleep(0.1)
    raise AssertionError(f"no notice: {platform.texts_to(OPENID)}")


async def test_photos_after_the_list_get_the_one_time_notice(wechat: WeChatSender, wechat_platform,  # noqa: F811
                                                            documents):  # noqa: F811
    listed = await wechat.send(message("text", Content="帮我预审换身份证的材料"))
    assert "原居民身份证" in listed.content
    wechat_platform.media["MEDIA_FRONT"] = (documents["id_front.jpg"].read_bytes(), "image/jpeg")
    wechat_platform.media["MEDIA_BACK"] = (documents["id_back.jpg"].read_bytes(), "image/jpeg")
    wechat_platform.media["MEDIA_BOMB"] = (documents["bomb.png"].read_bytes(), "image/png")
    front = await wechat.send(message("image", PicUrl="http://mmbiz.qpic.cn/x/0", MediaId="MEDIA_FRONT"))
    assert front.content.startswith("收到，正在核对")
    first = (await sent_after(wechat_platform, 1))[-1]
    assert "换身份证" in first or "居民身份证换领" in first
    assert "还缺身份证国徽面" in first
    await wechat.send(message("image", PicUrl="http://mmbiz.qpic.cn/x/1", MediaId="MEDIA_BACK"))
    second = (await sent_after(wechat_platform, 2))[-1]
    assert "1. 原居民身份证：通过" in second and "下一步" in second
    bomb = await wechat.send(message("image", PicUrl="http://mmbiz.qpic.cn/x/2", MediaId="MEDIA_BOMB"))
    assert bomb.status == 200
    refused = (await sent_after(wechat_platform, 3))[-1]
    assert "文件过大或结构异常" in refused

    # A second item: the card kept for the first is offered, not counted; the household register is sent.
    offered = await wechat.send(message("text", Content="帮我预审临时救助的材料"))
    assert "核验过的身份证（有效期至2036年）可直接复用" in offered.content and "回复1" in offered.content
    wechat_platform.media["MEDIA_HUKOU"] = (documents["hukou.jpg"].read_bytes(), "image/jpeg")
    await wechat.send(message("image", PicUrl="http://mmbiz.qpic.cn/x/3", MediaId="MEDIA_HUKOU"))
    pushed = (await sent_after(wechat_platform, 4))[-1]
    assert "1. 申请人居民身份证：还缺" in pushed and "可直接复用" in pushed and "回复1" in pushed
    assert "居民户口簿或居住证：通过" in pushed
    assert await VaultUse.all().count() == 0
    agreed = await wechat.send(message("text", Content="可以"))
    assert "已按您的同意复用" in agreed.content and "1. 申请人居民身份证：通过（经您同意" in agreed.content
    assert [u.item for u in await VaultUse.all()] == ["temporary_assistance"] * 2
    await wechat.send(message("text", Content="同意复用"))
    assert await VaultUse.all().count() == 2
