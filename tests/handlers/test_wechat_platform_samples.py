"""The platform's own documented callbacks pass the depth rule end to end (tests/data/wechat/), while
hostile nesting stays refused."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.wechat.callback import (  # noqa: F401  (fixtures: settings, wechat, wechat_platform)
    WeChatSender,
    settings,
    wechat,
    wechat_platform,
)

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "wechat"


@pytest.fixture
def mode() -> str:
    return "plain"


async def test_the_documented_masssendjobfinish_event_is_answered_success(wechat: WeChatSender):
    answer = await wechat.post((SAMPLES / "masssendjobfinish.xml").read_bytes(), wechat.query())
    assert (answer.status, answer.text) == (200, "success")


async def test_the_documented_pic_sysphoto_event_passes_the_depth_rule(wechat: WeChatSender):
    answer = await wechat.post((SAMPLES / "pic_sysphoto.xml").read_bytes(), wechat.query())
    assert answer.status == 200, answer.text


@pytest.mark.parametrize("depth", [6, 50, 5000])
async def test_nesting_deeper_than_any_documented_event_is_refused(wechat: WeChatSender, depth: int):
    inner = "<a>" * (depth - 1) + "</a>" * (depth - 1)
    body = ("<xml><ToUserName>gh_1</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime>"
            f"<MsgType>event</MsgType><Event>MASSSENDJOBFINISH</Event>{inner}</xml>")
    answer = await wechat.post(body, wechat.query())
    assert answer.status == 400 and json.loads(answer.text)["error"]["code"] == "too_deep"
