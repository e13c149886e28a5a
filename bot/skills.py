"""The small skills: greeting, thanks, handoff (reminders live in reminders.py)."""

from __future__ import annotations

import re

from core.metrics import NLU_FALLBACKS

from . import guide, not_offered
from .handoff import open_handoff
from .menu import GREETING, NOT_UNDERSTOOD
from .reply import Reply
from .turn import Turn


async def greet(turn: Turn) -> Reply:
    turn.state.offer("menu", [])  # the numbers of the menu in the greeting choose its entries
    return Reply.plain(GREETING)


async def thanks(turn: Turn) -> Reply:
    return Reply.plain("不客气！还有其他要办的事，随时告诉我。")


async def not_understood(turn: Turn) -> Reply:
    if REPEAT.search(turn.text) and turn.state.item:  # 你再说一遍: the item under discussion again
        return await guide.follow_up(turn, turn.state.aspect or "general")
    elsewhere = not_offered.answer(turn)
    if elsewhere is not None:  # 我老伴走了，后面的事要去哪里办: not in the catalog; where to go
        return elsewhere
    if turn.inbound.channel == "robot" and FACILITY.search(turn.text):  # 洗手间在哪: the hall's staff know
        return Reply.plain("洗手间、饮水、复印等大厅设施，请看大厅里的指示牌，或问入口导办台的工作人员。\n"
                           "办事问题可以直接问我，如“换身份证要带什么”。")
    NLU_FALLBACKS.inc()
    return Reply.plain(NOT_UNDERSTOOD)


# What a visitor standing in a hall looks for, not an errand: answered by pointing to the hall's own help
FACILITY = re.compile(r"洗手间|厕所|卫生间|茅厕|饮水机|喝水|开水|复印|打印|充电|停车|电梯|楼梯|出口|坐低|座位|椅子")
REPEAT = guide.REPEAT  # 你再说一遍, 没看清楚


async def handoff(turn: Turn) -> Reply:
    """"转人工" or a complaint: stored for staff, and the citizen told what happens next."""
    reason = "complaint" if turn.u.intent == "complaint" else "human"
    inbound = turn.inbound
    _, new = await open_handoff(
        channel=inbound.channel, user=inbound.user, reason=reason, text=turn.text, item=turn.state.item, now=turn.now
    )
    if reason == "complaint":
        head = "您的意见已记录，我们很重视，" if new else "您的意见我们已经在处理，"
        return Reply.plain(head + "工作人员会在1个工作日内联系您。\n如需补充情况，直接发给我即可。")
    turn.state.offer("staff_wait", [])
    head = "已为您转接人工客服，" if new else "您已在人工客服的排队中，"
    return Reply.plain(
        head + "工作人员上班时间（周一至周五 9:00-17:30）会尽快在这里回复您。\n等待期间您仍可以直接问我办事问题。"
    )


WAITING = re.compile(r"等|多久|几时|几耐|什么时候|好的|好吧|行|嗯|冇所谓|没关系|无所谓|可以")


def still_waiting(turn: Turn) -> bool:
    """After "转人工": "好的，我等一下", "要等多久" — nothing new asked."""
    u = turn.u
    return not u.item and u.intent in ("out_of_scope", "thanks", "human_agent", "ask_guide") and (
        u.answer == "yes" or WAITING.search(turn.text) is not None)


def waiting_for_staff(turn: Turn | None = None) -> Reply:
    thanked = turn is not None and turn.u.intent == "thanks"  # 好，唔该晒: thanks answered too
    lead = "不客气！" if thanked else "好的，请稍等。"
    return Reply.plain(f"{lead}人工客服上班时间（周一至周五 9:00-17:30）会在这里回复您，一般当天就有答复。\n"
                       "等待期间您也可以直接问我办事问题。")
