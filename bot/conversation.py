"""The conversation: one turn of one citizen, from Inbound to Reply, on any channel."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

from intents import Understanding, understand

from . import booking, guide
from .assistant import Assistant
from .dialog import DialogState, citizen_turn, load_state, save_state
from .handoff import open_handoff
from .inbound import Inbound
from .menu import GREETING, MENU, NOT_UNDERSTOOD, WELCOME
from .reply import Reply

# Keys of the official account's custom menu, as the words a citizen would have typed.
MENU_KEYS = {"GUIDE": "办事指南", "BOOK": "预约", "PROGRESS": "查进度", "MINE": "我的预约"}
BARE_NUMBER = re.compile(r"\s*(?:第)?([1-9])(?:个|项)?\s*[。.]?\s*")


async def respond(inbound: Inbound, assistant: Assistant, *, now: datetime) -> Reply:
    """Answer one message. An empty text means there is nothing to say (e.g. unsubscribe)."""
    # Lone surrogates (JSON allows "\ud800") cannot be encoded: they become "?" before anything reads them.
    text = inbound.text.encode("utf-8", "replace").decode("utf-8").strip()
    if inbound.kind == "event":
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
    number = bare_number(text, u)
    if state.awaiting in ("item", "situation"):
        answered = guide.answer_choice(state, text, number, u, assistant.catalog)
        if answered is not None:
            return answered
        if u.intent == "out_of_scope" and not u.item:
            return guide.repeat_choices(state, assistant.catalog)
        state.settle()  # they moved on to something else
    if state.awaiting == "cancel_pick" and number is not None:
        return await booking.cancel(u, state, number, assistant, citizen=inbound.user, now=now)
    if booking.in_booking(state):
        if booking.continues(state, u, text, number):
            return await booking.book(
                u, state, text, number, assistant, citizen=inbound.user, message_id=inbound.message_id, now=now
            )
        booking.end_booking(state)

    if u.intent == "greet":
        return Reply.plain(GREETING)
    if u.intent == "thanks":
        return Reply.plain("不客气！还有其他要办的事，随时告诉我。")
    if u.intent in ("human_agent", "complaint"):
        return await handoff(u, state, inbound, now)
    if u.intent == "ask_guide" or (u.intent == "out_of_scope" and u.item):
        return guide.ask_guide(u, state, text, assistant.catalog)
    if u.intent == "book_appointment":
        return await booking.book(
            u, state, text, number, assistant, citizen=inbound.user, message_id=inbound.message_id, now=now
        )
    if u.intent == "cancel_appointment":
        return await booking.cancel(u, state, number, assistant, citizen=inbound.user, now=now)
    if u.intent == "query_appointment":
        return await booking.my_bookings(u, assistant, citizen=inbound.user)
    if u.intent == "track_progress":
        number = f"办件编号{u.application_no}" if u.application_no else "您的办件"
        return Reply.plain(
            f"收到，{number}的进度查询正在接入一门，暂时查不到。\n"
            "下一步：可拨打受理大厅电话查询，或回复“转人工”由工作人员帮您查。"
        )
    if u.intent == "precheck_materials":
        return guide.precheck_list(u, state, assistant.catalog)
    if u.intent in ("subscribe_reminder", "unsubscribe_reminder"):
        what = "开启" if u.intent == "subscribe_reminder" else "关闭"
        return Reply.plain(f"办事提醒的{what}功能即将开通，开通后会第一时间告诉您。\n现在可以先问我办事指南，如“身份证到期怎么换”。")
    return Reply.plain(NOT_UNDERSTOOD)


async def handoff(u: Understanding, state: DialogState, inbound: Inbound, now: datetime) -> Reply:
    reason = "complaint" if u.intent == "complaint" else "human"
    _, new = await open_handoff(
        channel=inbound.channel, user=inbound.user, reason=reason, text=inbound.text, item=state.item, now=now
    )
    if reason == "complaint":
        head = "您的意见已记录，我们很重视，" if new else "您的意见我们已经在处理，"
        return Reply.plain(head + "工作人员会在1个工作日内联系您。\n如需补充情况，直接发给我即可。")
    head = "已为您转接人工客服，" if new else "您已在人工客服的排队中，"
    return Reply.plain(
        head + "工作人员上班时间（周一至周五 9:00-17:30）会尽快在这里回复您。\n等待期间您仍可以直接问我办事问题。"
    )
