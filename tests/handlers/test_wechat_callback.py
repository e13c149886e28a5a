"""/wechat: URL verification, every message type and event in all three modes, signatures,
the timestamp window and nonce replays. The bot's wording is being rewritten: assert structure."""

from __future__ import annotations

import pytest

from identity import Citizen
from tests.wechat.callback import (  # noqa: F401  (fixtures: mode, settings, wechat, bot, wechat_platform)
    ACCOUNT,
    NOW,
    OPENID,
    Bot,
    WeChatSender,
    bot,
    event,
    message,
    mode,
    redis_keys,
    settings,
    sign,
    wechat,
    wechat_platform,
    xml,
)

MESSAGES = {
    "text": ("text", {"Content": "换身份证要带什么"}),
    "image": ("image", {"PicUrl": "http://mmbiz.qpic.cn/mmbiz/abc/0", "MediaId": "MEDIA_IMAGE_1"}),
    "voice": ("voice", {"MediaId": "MEDIA_VOICE_1", "Format": "amr", "Recognition": "换身份证要带什么"}),
    "voice_unrecognised": ("voice", {"MediaId": "MEDIA_VOICE_2", "Format": "amr"}),
    "video": ("video", {"MediaId": "MEDIA_VIDEO_1", "ThumbMediaId": "THUMB_1"}),
    "shortvideo": ("shortvideo", {"MediaId": "MEDIA_VIDEO_2", "ThumbMediaId": "THUMB_2"}),
    "location": ("location", {"Location_X": 23.134521, "Location_Y": 113.358803, "Scale": 20,
                              "Label": "广州市天河区政务服务中心"}),
    "link": ("link", {"Title": "公积金提取指南", "Description": "转发的文章", "Url": "https://mp.weixin.qq.com/s/x"}),
}


def assert_text_reply(answer, mode: str) -> None:
    assert answer.status == 200, answer.text
    assert answer.fields["MsgType"] == "text"
    assert answer.content.strip()
    assert (answer.fields["ToUserName"], answer.fields["FromUserName"]) == (OPENID, ACCOUNT)
    assert int(answer.fields["CreateTime"]) == NOW
    assert answer.fields.get("_encrypted", False) == (mode != "plain")  # compat: the request was encrypted


@pytest.mark.parametrize("name", MESSAGES)
async def test_every_message_type_gets_a_text_reply(wechat: WeChatSender, bot: Bot, mode: str, name: str):
    msg_type, fields = MESSAGES[name]
    answer = await wechat.send(message(msg_type, **fields))
    assert_text_reply(answer, mode)
    assert len(bot.heard) == 1
    citizen = await Citizen.get(oa_openid=OPENID)  # the follower became a Yimen citizen
    assert bot.heard[0].channel == "wechat" and bot.heard[0].user == citizen.id


async def test_the_bot_hears_each_message_normalised(wechat: WeChatSender, bot: Bot):
    sent = {name: message(t, **f) for name, (t, f) in MESSAGES.items()}
    for fields in sent.values():
        await wechat.send(fields)
    heard = dict(zip(sent, bot.heard, strict=True))
    assert (heard["text"].kind, heard["text"].text) == ("text", "换身份证要带什么")
    assert heard["text"].message_id == str(sent["text"]["MsgId"])
    assert (heard["image"].kind, heard["image"].media_id) == ("image", "MEDIA_IMAGE_1")
    assert (heard["voice"].kind, heard["voice"].text, heard["voice"].media_id) == ("voice", "换身份证要带什么",
                                                                                   "MEDIA_VOICE_1")
    assert (heard["voice_unrecognised"].kind, heard["voice_unrecognised"].text) == ("voice", "")
    assert (heard["shortvideo"].kind, heard["shortvideo"].media_id) == ("video", "MEDIA_VIDEO_2")
    location = heard["location"]
    assert (location.kind, location.latitude, location.longitude) == ("location", 23.134521, 113.358803)
    assert location.text == "广州市天河区政务服务中心"
    assert (heard["link"].kind, heard["link"].text) == ("link", "公积金提取指南")


@pytest.mark.parametrize("key", [None, "qrscene_zumiao"])
async def test_subscribe_is_greeted_with_what_yimen_can_do(wechat: WeChatSender, bot: Bot, mode: str, key):
    fields = event("subscribe", EventKey=key, Ticket="TICKET1") if key else event("subscribe")
    answer = await wechat.send(fields)
    assert_text_reply(answer, mode)
    assert "欢迎" in answer.content and "办事指南" in answer.content
    assert ("欢迎来到祖庙" in answer.content) == bool(key)  # scanned at the hall's door: greeted at that hall
    assert bot.heard == []


async def test_scan_greets_and_a_menu_tap_reaches_the_bot_as_words(wechat: WeChatSender, bot: Bot, mode: str):
    scanned = await wechat.send(event("SCAN", EventKey="zumiao"))
    assert_text_reply(scanned, mode)
    assert "欢迎来到祖庙" in scanned.content
    assert bot.heard == []
    tapped = await wechat.send(event("CLICK", EventKey="BOOK"))
    assert tapped.status == 200
    (inbound,) = bot.heard
    assert (inbound.kind, inbound.text) == ("text", "预约")


@pytest.mark.parametrize(("name", "extra"), [
    ("unsubscribe", {}),
    ("CLICK", {"EventKey": "NO_SUCH_KEY"}),
    ("TEMPLATESENDJOBFINISH", {"MsgID": 200163836, "Status": "success"}),
    ("VIEW", {"EventKey": "https://www.gov.cn/", "MenuId": 208379533}),
    ("LOCATION", {"Latitude": 23.137466, "Longitude": 113.352425, "Precision": 119.385040}),
    ("subscribe_msg_popup_event", {}),
    ("some_event_added_next_year", {}),
])
async def test_events_that_need_no_answer_get_success(wechat: WeChatSender, bot: Bot, mode: str, name: str, extra):
    answer = await wechat.send(event(name, **extra))
    assert (answer.status, answer.text) == (200, "success")
    assert bot.heard == []


async def test_an_unknown_message_type_gets_a_polite_reply(wechat: WeChatSender, bot: Bot, mode: str):
    answer = await wechat.send(message("miniprogrampage", Title="小程序卡片", AppId="wx123", PagePath="pages/a"))
    assert_text_reply(answer, mode)
    assert bot.heard == []


async def test_a_text_with_cdata_terminator_is_answered_with_valid_xml(wechat: WeChatSender, bot: Bot, mode: str):
    from bot import Reply

    bot.reply = Reply.plain("材料：身份证]]><b>原件</b>")
    answer = await wechat.send(message("text", Content="材料"))
    assert answer.content == "材料：身份证]]><b>原件</b>"


# GET: URL verification


@pytest.mark.parametrize("mode", ["plain", "safe"])
async def test_url_verification_echoes_echostr(client, settings, mode: str):
    query = {"signature": sign(settings.wechat_token, str(NOW), "12345"), "timestamp": str(NOW), "nonce": "12345",
             "echostr": "7094395541234567890"}
    response = await client.get("/wechat", params=query)
    assert (response.status, await response.text()) == (200, "7094395541234567890")


@pytest.mark.parametrize("mode", ["plain"])
@pytest.mark.parametrize(("change", "status"), [
    ({"signature": "0" * 40}, 403),
    ({"signature": "签名"}, 403),
    ({"nonce": "54321"}, 403),
    ({"timestamp": str(NOW - 3600)}, 403),
    ({"echostr": ""}, 400),
])
async def test_url_verification_refuses_a_bad_request(client, settings, mode: str, change, status: int):
    query = {"signature": sign(settings.wechat_token, str(NOW), "12345"), "timestamp": str(NOW), "nonce": "12345",
             "echostr": "7094395541234567890", **change}
    if "timestamp" in change:
        query["signature"] = sign(settings.wechat_token, change["timestamp"], "12345")
    response = await client.get("/wechat", params=query)
    assert response.status == status
    assert "7094395541234567890" not in await response.text()


# Signatures, timestamps, nonces


async def test_a_bad_signature_gets_403_and_touches_nothing(client, wechat: WeChatSender, bot: Bot, mode: str):
    before = await redis_keys(client)
    query = wechat.query()
    query["signature"] = sign("anothertoken", query["timestamp"], query["nonce"])
    answer = await wechat.post(xml(message("text", Content="你好")), query)
    assert answer.status == 403
    assert bot.heard == [] and await redis_keys(client) == before


@pytest.mark.parametrize("mode", ["compat", "safe"])
async def test_a_bad_msg_signature_gets_403_and_touches_nothing(client, wechat: WeChatSender, bot: Bot, mode: str):
    before = await redis_keys(client)
    fields = message("text", Content="你好")
    encrypt = wechat.seal(xml(fields), timestamp=NOW, nonce="999")
    query = wechat.query(nonce="999", encrypt=encrypt)
    query["msg_signature"] = "f" * 40
    answer = await wechat.post(xml({"ToUserName": ACCOUNT, "Encrypt": encrypt}), query)
    assert answer.status == 403
    assert bot.heard == [] and await redis_keys(client) == before


@pytest.mark.parametrize("missing", ["signature", "timestamp", "nonce"])
async def test_missing_signature_parts_get_403(wechat: WeChatSender, bot: Bot, missing: str):
    query = wechat.query()
    del query[missing]
    answer = await wechat.post(xml(message("text", Content="你好")), query)
    assert answer.status == 403 and bot.heard == []


@pytest.mark.parametrize(("offset", "status"), [(-301, 403), (301, 403), (-299, 200), (120, 200)])
async def test_timestamps_outside_the_window_are_refused(wechat: WeChatSender, bot: Bot, mode: str,
                                                         offset: int, status: int):
    answer = await wechat.send(message("text", Content="你好"), timestamp=NOW + offset)
    assert answer.status == status
    assert len(bot.heard) == (status == 200)


async def test_a_replayed_nonce_with_another_message_is_refused(wechat: WeChatSender, bot: Bot, mode: str):
    first = await wechat.send(message("text", Content="你好"), nonce="4242")
    replay = await wechat.send(message("text", Content="换身份证要带什么"), nonce="4242")
    assert first.status == 200
    assert replay.status == 403
    assert len(bot.heard) == 1


async def test_a_replayed_request_gets_the_same_answer_and_no_second_side_effect(wechat: WeChatSender, bot: Bot,
                                                                              mode: str):
    fields = message("text", Content="你好")
    first = await wechat.send(fields, nonce="4343")
    again = await wechat.send(fields, nonce="4343")
    assert (again.status, again.content) == (200, first.content)
    assert len(bot.heard) == 1
