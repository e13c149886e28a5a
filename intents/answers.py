"""Short answers to a question Yimen asked: yes or no, a part of the day, a wish to move a booking.

They are read from the prepared text (half-width, lower case, simplified), so 確認, ＯＫ and ok
all say yes.
"""

from __future__ import annotations

import re
from typing import Literal

YesNo = Literal["yes", "no"]
PartOfDay = Literal["am", "pm"]

YES = re.compile(r"\s*(确认|确定|好的?|是的?|对|可以|行|没问题|ok|嗯)\s*[。！!.]?\s*")
# 改/换 say no only when what follows is another time or choice: 改到周三, 换一个 — not 换身份证.
NO = re.compile(r"\s*(?:不|算了|重新|(?:改|换)(?=$|[到成个一时天日别其下周明后今上早晚]|\d)).*")
MORNING = re.compile(r"上午|早上|早晨|早")
AFTERNOON = re.compile(r"下午|午后")
RESCHEDULE = re.compile(r"改约|改期|改到|改成|改时间|换个?时间|换到|换一天|推迟|延后|提前到")


def yes_or_no(text: str) -> YesNo | None:
    """"好的" / "确认" → yes; "不用了" / "算了" / "改到周三" → no; anything else: neither."""
    if YES.fullmatch(text):
        return "yes"
    if NO.fullmatch(text):
        return "no"
    return None


def part_of_day(text: str) -> PartOfDay | None:
    if MORNING.search(text):
        return "am"
    if AFTERNOON.search(text):
        return "pm"
    return None


def asks_to_reschedule(text: str) -> bool:
    """"改到下周二下午", "能不能推迟一天": the citizen wants an existing booking moved."""
    return RESCHEDULE.search(text) is not None
