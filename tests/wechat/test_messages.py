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


def _parsed(body: bytes) -> dict[str, str] | str:
    try:
        return parse_fields(body)
    except MalformedMessage as exc:
        return exc.code


def _by_the_parser(body: bytes) -> dict[str, str] | str:
    from wechat import messages

    flat = messages._flat_fields
    messages._flat_fields = lambda text: None  # type: ignore[assignment]
    try:
        return _parsed(body)
    finally:
        messages._flat_fields = flat


@pytest.mark.parametrize("body", [
    TEXT,
    b"  <xml>\n <A><![CDATA[]]></A>\t<B></B><C>12</C>\n</xml>\n",
    b"<xml><A><![CDATA[x]]></A><A><![CDATA[second]]></A></xml>",  # the first of two wins
    b"<xml><A><![CDATA[a&b <c> ]] ] > &amp;]]></A></xml>",  # markup inside CDATA is text
    b"<xml><A><![CDATA[a]]><![CDATA[b]]></A></xml>",  # two sections: the parser's business
    b"<xml><A><![CDATA[a]]>b]]></A></xml>",
    b"<xml><A>a &amp; b</A></xml>",
    b"<xml><A>line\r\nnext</A></xml>",
    b"<xml><A><![CDATA[line\r\nnext]]></A></xml>",
    b"<xml><A>bad\x01char</A></xml>",
    b"<xml><A x=\"1\">v</A></xml>",
    b"<xml><A>v</B></xml>",
    b"<xml><A>v</A>",
    b"<xml><A>v</A></xml>trailing",
    b"<xml><A>v</A><!-- c --></xml>",
    b"<xml><A><B>nested</B></A><C>kept</C></xml>",
    b"<?xml version=\"1.0\" encoding=\"utf-8\"?><xml><A>v</A></xml>",
    b"\xef\xbb\xbf<xml><A>v</A></xml>",
    b"<xml>\xe3\x80\x80<A>v</A></xml>",  # an ideographic space is no XML whitespace
    b"<xml><A>" + b"x" * (16 * 1024 + 1) + b"</A></xml>",
    b"<xml></xml>",
    b"<xml/>",
    b"<XML><A>v</A></XML>",
    b"",
])
def test_the_fast_scanner_reads_every_document_as_the_xml_parser_does(body: bytes):
    assert _parsed(body) == _by_the_parser(body)


def test_the_platforms_layout_takes_the_fast_scanner_and_a_reply_is_wechatpys_byte_for_byte():
    from wechatpy.replies import TextReply

    from wechat import messages

    assert messages._flat_fields(TEXT.decode()) == parse_fields(TEXT)
    for content in ("换身份证要带什么", "a]]>b", "", "多行\n\n文本 <b>&amp;"):
        ours = text_reply(account="gh_1", openid="o_1", create_time=1700000000, content=content)
        theirs = TextReply(source="gh_1", target="o_1", time=1700000000,
                           content=content.replace("]]>", "]]]]><![CDATA[>")).render()
        assert ours == theirs
