"""The conversation: one turn of one citizen, from Inbound to Reply, whatever the channel."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from intents import understand_memoised

from .assistant import Assistant
from .dialog import DialogState
from .inbound import Inbound
from .menu import MENU
from .reply import Reply
from .routing import route
from .turn import Turn

CHECKING = "收到，正在核对…核对结果稍后发给您；还有其他材料可以接着发。"
MAX_TEXT = 500  # nobody asks a question longer than this; the rest is noise


async def respond(inbound: Inbound, assistant: Assistant, *, now: datetime) -> Reply:
    """Answer one message."""
    # Lone surrogates (JSON allows "\ud800") cannot be encoded: they become "?" before anything reads them.
    text = inbound.text.encode("utf-8", "replace").decode("utf-8").strip()
    if inbound.kind == "image" and inbound.media_id:
        async with assistant.dialogs.turn(inbound.channel, inbound.user) as state:
            if state.item in assistant.catalog.items:  # after 帮我预审…: the channel checks it off the reply path
                return Reply.plain(CHECKING)
    if inbound.kind in ("image", "video"):
        return Reply.plain("收到您发来的文件。材料预审请先告诉我要办什么事，如“办护照要带什么”，"
                           "我把需要核对的材料清单发给您。")
    if inbound.kind == "location":
        return Reply.plain("收到您的位置。请告诉我要办什么事，如“在哪办护照”，我告诉您可办理的大厅、地址和时间。")
    if inbound.kind == "link":
        return Reply.plain("收到链接。我暂时不能打开链接，请直接说您要办的事，如“低保怎么申请”。")
    if not text:
        if inbound.kind == "voice":
            return Reply.plain("抱歉，没听清您的语音。请再说一遍，或直接打字告诉我。")
        return Reply.plain("请用文字或语音告诉我您要办的事。\n" + MENU)
    text = text[:MAX_TEXT]
    async with assistant.dialogs.turn(inbound.channel, inbound.user) as state:
        return await converse(text, state, replace(inbound, text=text), assistant, now)


async def converse(text: str, state: DialogState, inbound: Inbound, assistant: Assistant, now: datetime) -> Reply:
    u = understand_memoised(assistant.nlu, text, now)
    turn = Turn(text=text, u=u, state=state, inbound=inbound, assistant=assistant, now=now)
    reply = await route(turn)
    if assistant.questions is not None:
        assistant.questions.count(turn, reply)  # no I/O: written behind (bot/questions.py)
    return reply
