"""Passive replies (the XML answer to a callback), rendered by wechatpy.replies.

wechatpy puts values into CDATA sections as they are; a value containing "]]>" would end the
section early, so it is split into two sections first.
"""

from __future__ import annotations

from dataclasses import dataclass

from wechatpy.replies import ArticlesReply

SUCCESS = "success"  # "received, nothing to say (now)": WeChat neither retries nor shows an error


@dataclass(frozen=True)
class Article:
    title: str
    description: str = ""
    url: str = ""
    picurl: str = ""


def cdata_safe(value: str) -> str:
    return value.replace("]]>", "]]]]><![CDATA[>")


def text_reply(*, account: str, openid: str, create_time: int, content: str) -> str:
    """wechatpy's TextReply.render(), byte for byte, without building the reply object."""
    return (f"<xml>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[{cdata_safe(content)}]]></Content>\n"
            f"<FromUserName><![CDATA[{account}]]></FromUserName>\n<ToUserName><![CDATA[{openid}]]></ToUserName>\n"
            f"<CreateTime>{int(create_time)}</CreateTime>\n</xml>")


def news_reply(*, account: str, openid: str, create_time: int, articles: list[Article]) -> str:
    items = [
        {
            "title": cdata_safe(a.title),
            "description": cdata_safe(a.description),
            "url": cdata_safe(a.url),
            "image": cdata_safe(a.picurl),
        }
        for a in articles[:8]
    ]
    return ArticlesReply(source=account, target=openid, time=create_time, articles=items).render()
