"""What Yimen can do, said the same way on every channel, and the menu's entries when chosen.

The menu is numbered: after the greeting (or the official account's welcome) "1" opens the
guide, and the words of an entry (办事指南, 材料预审…, also what the account's menu buttons send)
open it whatever was said before.
"""

from __future__ import annotations

from dataclasses import dataclass

from .turn import Turn

MENU = (
    "我可以帮您：\n"
    "1. 办事指南：如“换身份证要带什么”“低保怎么申请”\n"
    "2. 预约到大厅办事：如“预约明天上午去祖庙办护照”\n"
    "3. 查办件进度：发送办件编号，如“BJ20261125000123”\n"
    "4. 材料预审：来之前帮您核对材料\n"
    "5. 办事提醒：证件到期、孩子入学等\n"
    "回复序号，或直接说您要办的事；需要工作人员请回复“转人工”。"
)
WELCOME = "您好，欢迎关注一门！一个门、一张网，政务服务都能办。\n" + MENU
GREETING = "您好！" + MENU
NOT_UNDERSTOOD = "抱歉，这个问题我暂时答不了。\n" + MENU

# The items most asked for, offered when the guide is opened from the menu.
POPULAR = ["id_card_renewal", "social_security_card", "passport", "hk_macao_permit", "housing_fund_withdrawal",
           "resident_medical_insurance"]


@dataclass(frozen=True)
class Entry:
    code: str
    words: tuple[str, ...]  # typed, or sent by a menu button, these open the entry


ENTRIES = (
    Entry("guide", ("办事指南", "指南", "查指南", "办事", "怎么办事", "我要办事")),
    Entry("book", ("预约到大厅办事", "预约办事", "我要预约", "预约")),
    Entry("progress", ("查办件进度", "查进度", "办件进度", "查办件", "进度查询")),
    Entry("precheck", ("材料预审", "预审", "预审材料")),
    Entry("reminders", ("办事提醒", "提醒")),
)


def menu_entry(turn: Turn) -> Entry | None:
    """The entry chosen: its number with the menu on screen (or nothing else on screen), or its words."""
    state = turn.state
    on_screen = state.awaiting == "menu" or (state.awaiting is None and state.booking is None)
    if turn.number is not None and on_screen and 1 <= turn.number <= len(ENTRIES):
        return ENTRIES[turn.number - 1]
    said = turn.u.text
    if turn.u.intent == "out_of_scope" and not turn.u.item:
        return next((e for e in ENTRIES if said in e.words), None)
    return None
