"""The conversation: one turn of one citizen, from Inbound to Reply, on any channel."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

from intents import Understanding, understand

from .assistant import Assistant
from .dialog import DialogState, citizen_turn, load_state, save_state
from .inbound import Inbound
from .menu import MENU, WELCOME
from .reply import Reply
from .routing import route
from .turn import Turn

# Keys of the official account's custom menu, as the words a citizen would have typed.
MENU_KEYS = {"GUIDE": "办事指南", "BOOK": "预约", "PROGRESS": "查进度", "MINE": "我的预约"}
BARE_NUMBER = re.compile(r"\s*(?:第)?([1-9])(?:个|项)?\s*[。.]?\s*")


async def respond(inbound: Inbound, assistant: Assistant, *, now: datetime) -> Reply:
    """Answer one message. An empty text means there is nothing to say (e.g. unsubscribe)."""
    # Lone surrogates (JSON allows "\ud800") cannot be encoded: they become "?" before anything reads them.
    text = inbound.text.encode("utf-8", "replace").decode("utf-8").strip()
    if inbound.kind == "event":
        hall = assistant.catalog.hall(inbound.event_key or "")  # a hall's QR code at its door
        if inbound.event in ("subscribe", "SCAN") and hall is not None:
            return Reply.plain(f"欢迎来到{hall.name}！到号前可以先问我要带的材料，或预约下次办理。\n" + MENU)
        if inbound.event == "subscribe":
            return Reply.plain(WELCOME)
        if inbound.event == "SCAN":
            return Reply.plain("欢迎回来！" + MENU)
        if inbound.event == "CLICK" and inbound.event_key in MENU_KEYS:
            text = MENU_KEYS[inbound.event_key]
        else:  # unsubscribe, VIEW, LOCATION, template and popup reports: nothing to say
            return Reply.plain("")
    elif inbound.kind in ("image", "video"):
        return Reply.plain("收到您发来的文件。材料预审请先告诉我要办什么事，如“办护照要带什么”，我把需要核对的材料清单发给您。")
    elif inbound.kind == "location":
        return Reply.plain("收到您的位置。请告诉我要办什么事，如“在哪办护照”，我告诉您可办理的大厅、地址和时间。")
    elif inbound.kind == "link":
        return Reply.plain("收到链接。我暂时不能打开链接，请直接说您要办的事，如“低保怎么申请”。")
    if not text:
        if inbound.kind == "voice":
            return Reply.plain("抱歉，没听清您的语音。请再说一遍，或直接打字告诉我。")
        return Reply.plain("请用文字或语音告诉我您要办的事。\n" + MENU)
    text = text[:500]  # nobody asks a question longer than this; the rest is noise
    async with citizen_turn(assistant.redis, inbound.channel, inbound.user):
        state = await load_state(assistant.redis, inbound.channel, inbound.user)
        reply = await converse(text, state, replace(inbound, text=text), assistant, now)
        await save_state(assistant.redis, inbound.channel, inbound.user, state)
    return reply


def bare_number(text: str, u: Understanding) -> int | None:
    if u.number is not None:
        return u.number
    match = BARE_NUMBER.fullmatch(text)
    return int(match.group(1)) if match else None


async def converse(text: str, state: DialogState, inbound: Inbound, assistant: Assistant, now: datetime) -> Reply:
    u = understand(assistant.nlu, text, now)
    turn = Turn(text=text, u=u, number=bare_number(text, u), state=state, inbound=inbound, assistant=assistant, now=now)
    return await route(turn)
