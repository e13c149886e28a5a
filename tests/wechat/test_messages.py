"""Callback XML parsing: the fields, and hostile input refused fast."""

from __future__ import annotations

import time

import pytest

from wechat import MalformedMessage, parse_fields, read_message
from wechat.replies import Article, news_reply, text_reply

TEXT = ("<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[o_1]]></FromUserName>"
        "<CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType>"
        "<Content><![CDATA[换身份证 要带什么 ]]></Content><MsgId>1234567890123456</MsgId></xml>").encode()


def test_a_text_message():
    message = read_message(parse_fields(TEXT))
    assert (message.account, message.openid, message.create_time) == ("gh_1", "o_1", 1700000000)
    assert (message.msg_type, message.msg_id, message.event) == ("text", "1234567890123456", None)
    assert message.fields["Content"] == "换身份证 要带什么 "
    assert message.identity == "1234567890123456"
    assert "o_1" not in repr(message)


def test_an_event_is_identified_by_who_when_and_which():
    body = (b"<xml><ToUserName>gh_1</ToUserName><FromUserName>o_1</FromUserName><CreateTime>17</CreateTime>"
            b"<MsgType>event</MsgType><Event>subscribe</Event><EventKey>qrscene_9</EventKey>"
            b"<ScanCodeInfo><ScanType>qrcode</ScanType></ScanCodeInfo></xml>")
    message = read_message(parse_fields(body))
    assert (message.event, message.msg_id, message.identity) == ("subscribe", None, "o_1:17:subscribe")
    assert message.get("EventKey") == "qrscene_9"
    assert "ScanCodeInfo" not in message.fields  # nested elements are not fields


@pytest.mark.parametrize("body", [
    b"<!DOCTYPE xml [<!ENTITY a \"" + b"x" * 10 + b"\">]><xml>&a;</xml>",
    b"<?xml version=\"1.0\"?><!DOCTYPE xml SYSTEM \"http://evil.example/x.dtd\"><xml/>",
    b"<xml>" + b"<a>" * 10 + b"</a>" * 10 + b"</xml>",
    b"\xff\xfe<\x00x\x00",
    b"   ",
    b"<xml><unclosed></xml>",
    b"<notxml/>",
])
def test_hostile_or_broken_xml_is_malformed(body: bytes):
    with pytest.raises(MalformedMessage):
        parse_fields(body)


def test_a_quadratic_blowup_body_is_refused_at_once():
    body = b"<!DOCTYPE xml [<!ENTITY a \"" + b"x" * 50_000 + b"\">]><xml>" + b"&a;" * 5_000 + b"</xml>"
    started = time.perf_counter()
    with pytest.raises(MalformedMessage):
        parse_fields(body)
    assert time.perf_counter() - started < 0.1


def test_replies_survive_a_cdata_terminator():
    from wechat import parse_fields as parse

    xml = text_reply(account="gh_1", openid="o_1", create_time=1, content="a]]>b<c>&d")
    assert parse(xml.encode())["Content"] == "a]]>b<c>&d"
    news = news_reply(account="gh_1", openid="o_1", create_time=1, articles=[Article("t]]>", "d", "https://x/?a=1&b=2")])
    assert "<ArticleCount>1</ArticleCount>" in news
