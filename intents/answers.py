"""Short answers to a question Yimen asked: yes or no, a part of the day, a wish to move a booking.

They are read from the prepared text (half-width, lower case, simplified), so 確認, ＯＫ and ok
all say yes.
"""

from __future__ import annotations

import re
from typing import Literal

YesNo = Literal["yes", "no"]
PartOfDay = Literal["am", "pm"]

# A yes said any way: 好的 / 好啊 / 行吧 / 嗯嗯可以 / 确认预约 / 冇问题 / 係呀 / OK啦: yes words with particles.
_YES_WORD = (r"(?:确认(?:预约|一下)?|确定|好|是|对|可以|行|没问题|冇问题|无问题|ok|okay|yes|嗯|恩|要|继续|同意"
             r"|没错|当然|係|系|得|要得|中|就这样|就这个|就这么定|就这么办|定了|没毛病|冇毛病|是这样|就是这样|妥|好嘞"
             r"|就咁|咁就|係咁|系咁|就系咁|就係咁|就这样定|就咁定|(?:帮我)?约(?=[吧啦咯呀嘛]))")
_PARTICLE = r"[的啊呀吧啦嘞哦噢喔咯滴哒呢嗯了哈呗,，。.!！~～\s]*"
_THANKS = rf"(?:(?:谢谢|多谢|唔该|麻烦|辛苦)(?:你|您|晒|了|你们|哂)*{_PARTICLE})*"
# ... and then thanks: 好的好的谢谢你 / 确认，唔该晒
YES = re.compile(rf"\s*(?:这回|这次|现在)?(?:(?:那|就|那就)?{_YES_WORD}{_PARTICLE}){{1,4}}{_THANKS}")
# 改/换 say no only when what follows is another time or choice: 改到周三, 换一个 — not 换身份证.
NO = re.compile(r"\s*(?:那|就|那就)?(?:不|唔|算了|重新|取消|no\b"
                r"|(?:改|换)(?=$|[到成个一时天日别其下周明后今上早晚]|\d)).*")
MORNING = re.compile(r"上午|早上|早晨|早")
AFTERNOON = re.compile(r"下午|午后")
RESCHEDULE = re.compile(r"改约|改期|改到|改成|改为|改去|改喺|改时间|换个?时间|换到|换去|换一天|推迟|延后|提前到"
                        r"|取消.{0,10}(?:重新|再|另外)(?:约|预约|订)")  # 把这个取消了，下周二重新约一个


WHETHER_TO_BOOK = re.compile(r".*(?:要不要|需不需要|用不用|系咪要|使唔使|一定要|必须|需要|要|用|得)先?(?:网上)?预约"
                             r"(?:吗|么|嘛|不|没有|先|啊|呢|的吗|咩)*[?？]?\s*")


# Without a booking, may one just come? 我没有预约现在能直接办吗 / 不预约可以直接去吗 / 唔预约得唔得
WALK_IN = re.compile(r"(?:没有?|冇|不|唔|未)(?:预约|约)(?:过|的话|也)?.{0,12}"
                     r"(?:直接|现场|可以|可不可以|能不能|能|得唔得|行不行)|(?:能|可以|可不可以|能不能)(?:直接|现场)(?:去|过去|来|到大厅)?(?:办|取号|排队)")


def asks_whether_to_book(text: str) -> bool:
    """"要预约吗", "系咪要预约先", "使唔使预约": a question whether to book, not a wish to book."""
    if WALK_IN.search(text):
        return True
    if not WHETHER_TO_BOOK.fullmatch(text):
        return False
    asking = ("要不要", "需不需要", "用不用", "系咪", "使唔使")
    return any(a in text for a in asking) or text.rstrip("?？ ").endswith(("吗", "么", "嘛", "先", "不", "咩"))


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
