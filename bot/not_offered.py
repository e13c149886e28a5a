"""Errands people bring that the catalog does not hold yet: said so plainly, with where to go.

A fallback that only repeats the menu leaves a widow or a driver with a fine where they began; a
clerk at the comprehensive window would at least say which office handles it.
"""

from __future__ import annotations

import re

from .reply import Reply
from .turn import Turn

NOT_OFFERED: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(去世|过世|走了|死了|离世|病故|身故|不在了|过身|百年)|(后事|身后事|丧葬|殡葬|火化|死亡证明|抚恤)"),
     "请节哀。亲人去世后常要办：注销户口（派出所）、领取丧葬补助金和抚恤金、停发养老金并结算（社保窗口）、"
     "殡葬事宜（殡仪馆）。一门暂时还没有这些事项的办事指南。\n"
     "下一步：请到区行政服务中心综合窗口咨询（0757-83030000），或回复“转人工”由工作人员帮您。"),
    (re.compile(r"(违章|罚单|罚款|扣分|交通违法)"),
     "交通违章、罚款和扣分由交警部门处理，可在“交管12123”App查询和缴纳。一门暂时不办这类事项。\n"
     "下一步：驾驶证换证、补证可以问我，如“驾照到期怎么换”。"),
)


def answer(turn: Turn) -> Reply | None:
    """The known errand outside the catalog that the message speaks of, if any."""
    said = turn.u.text or turn.text
    return next((Reply.plain(reply) for pattern, reply in NOT_OFFERED if pattern.search(said)), None)
