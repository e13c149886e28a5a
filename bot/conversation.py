"""The conversation: one turn of one citizen, from Inbound to Reply, whatever the channel."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

from intents import Understanding, understand_memoised

from .assistant import Assistant
from .dialog import DialogState
from .inbound import Inbound
from .menu import MENU
from .reply import Reply
from .routing import route
from .turn import Turn

CHECKING = "收到，正在核对…核对结果稍后发给您；还有其他材料可以接着发。"
MAX_TEXT = 500  # nobody asks a question longer than this; the rest is noise

# Questions whose answer often comes first, then a remark: 那明天上午九点半可以吗，我老人家早上精神好
ANSWERS_FIRST = frozenset({"book_hall", "book_date", "book_time", "book_confirm", "book_move", "situation"})
HERE = re.compile(r"(?:在|去|来|到)?(?:这里|这儿|这边|呢度|呢边|本厅|你们这|你哋度)(?:办|约|预约|的大厅)?"
                  r"(?=办|约|预约|$|吗|可以|行|得)|本厅")
CLAUSES = re.compile(r"[，,。.！!？?；;、\s]+")


ASIDE_OPENING = re.compile(r"\s*(?:哦|噢|啊|嗯)?"
                           r"(?:对了|对啦|还有|另外|顺便问一下|顺便问下|顺便|问一下|请问|我想问一下|我想问下)\s*")


def answer_in_a_clause(assistant: Assistant, text: str, now: datetime) -> Understanding | None:
    """A message not understood as a whole whose first understood clause answers the question on
    screen (a day, a time, a hall, a yes): that clause's understanding."""
    clauses = [c for c in CLAUSES.split(text) if c]
    if len(clauses) < 2:
        return None
    answering = []
    for clause in clauses:
        if ASIDE_OPENING.fullmatch(clause):  # 对了，这个要本人去吗: "by the way", not a yes
            continue
        u = understand_memoised(assistant.nlu, clause, now)
        if u.intent != "out_of_scope" or answers_anything(u):
            answering.append((clause, u))
    corrected = [u for clause, u in answering[1:] if CORRECTION.match(clause)]  # 已经过了九点啊…那十点可以吗
    return corrected[-1] if corrected else answering[0][1] if answering else None


CORRECTION = re.compile(r"那|改|换|还是|不如")


def answers_anything(u: Understanding) -> bool:
    return bool(u.date or u.time or u.hall or u.answer or u.number is not None)


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
    if u.intent == "out_of_scope" and state.awaiting in ANSWERS_FIRST and not answers_anything(u):
        u = answer_in_a_clause(assistant, text, now) or u
    if u.hall is None and inbound.hall and HERE.search(u.text or text):  # a kiosk's 在这里办: its own hall
        u = replace(u, hall=inbound.hall)
    simplified = assistant.nlu.normalizer.converter.convert(text)  # 確認, 還是: the skills read simplified
    turn = Turn(text=simplified, u=u, state=state, inbound=inbound, assistant=assistant, now=now)
    reply = await route(turn)
    if assistant.questions is not None:
        assistant.questions.count(turn, reply)  # no I/O: written behind (bot/questions.py)
    return reply
