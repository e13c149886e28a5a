"""Opening hours: "几点开门", "周六开吗", "中午休息吗", of a hall named, the kiosk's own, or all.

The answer comes from the catalog's halls, so a change of hours needs no code: the hall asked
about (or, at a kiosk, the one it stands in) with its hours, lunch break and days closed; for
a day asked about, which halls open that day.
"""

from __future__ import annotations

import re
from datetime import date

from appointments import day_kind
from appointments.workdays import holiday_name
from catalog import Catalog, Hall

from .notice import hours_text
from .reply import Reply
from .turn import Turn

ASKS_HOURS = re.compile(
    r"几点(?:钟)?(?:开门|开始|上班|下班|关门|收工|放工|返工|开|关|停止|截止|结束)|(?:开门|关门|办公|上班|下班|营业|工作|开放|对外)时间"
    r"|几点到几点|几点至几点|(?:周|星期|礼拜)[六日天末].{0,4}(?:开|上班|办公|营业|办理|办事|休息|关)"
    r"|周末.{0,4}(?:开|上班|办公|营业|办理|办事|休息)|(?:中午|午间|午饭).{0,4}(?:休息|开|关|上班|办公|停)|午休"
    r"|(?:开|返)唔(?:开|返)|开不开门?|开门(?:吗|没有|未|冇)|几时(?:开门|关门|收工|放工)|节假日.{0,4}(?:开|上班|办公)"
    r"|上不上班|办不办公|上班吗|办公吗|(?:元旦|春节|过年|国庆|五一|劳动节|清明|端午|中秋|放假).{0,8}"
    r"(?:开|上班|办公|营业|办事|休息|关)|放不放假|放假吗|放几天假|休不休息"
    r"|(?:中午|午休|午饭|吃完饭).{0,8}(?:有没有人|有人|上班|开门|办公)"
)
DAYS = "一二三四五六日"


def asks_hours(text: str) -> bool:
    return ASKS_HOURS.search(text) is not None


def open_on(hall: Hall, day: date) -> bool:
    """Open on that day by the national calendar (holidays, 调休) and the hall's hours."""
    kind = day_kind(day)
    return kind in ("workday", "adjusted_workday") or (kind == "saturday" and bool(hall.hours.saturday))


def lunch_break(hall: Hall) -> str:
    spans = hall.hours.weekdays
    return f"{spans[0][1]}-{spans[1][0]}午休" if len(spans) > 1 else "中午不休息"


def hall_hours(hall: Hall) -> str:
    closed = "周六、周日" if not hall.hours.saturday else "周日"
    return f"【{hall.name}】{hours_text(hall)}（{lunch_break(hall)}）；{closed}和法定节假日不办公。地址：{hall.address}"


def all_hours(catalog: Catalog) -> str:
    halls = list(catalog.halls.values())
    saturday = [h.short_name for h in halls if h.hours.saturday]
    usual = hours_text(halls[0]).split("；")[0]
    text = f"各大厅办公时间：{usual}（{lunch_break(halls[0])}）"
    if saturday:
        text += f"；周六上午只有{'、'.join(saturday)}开放"
    return text + "；周日和法定节假日不办公。"


# 那我礼拜六上午去张槎那边行不行: whether the hall is open then, asked as a visit
ASKS_IF_OPEN = re.compile(r"行不行|行吗|可以吗|可不可以|可唔可以|得唔得|得不得|能不能去|能去吗"
                          r"|开不开|开门吗|开唔开|有没有开|上班吗")


def asks_again(turn: Turn) -> bool:
    """Right after the hours: "那周六呢", "张槎呢" — another day or hall, nothing else; or whether
    a visit then would find the hall open ("那我礼拜六上午去张槎那边行不行")."""
    u = turn.u
    if turn.state.awaiting != "hours" or not (u.date or u.hall) or u.item:
        return False
    if u.intent not in ("out_of_scope", "ask_guide", "book_appointment"):
        return False
    if ASKS_IF_OPEN.search(u.text or turn.text) is not None and len(u.text) <= 24:
        return True
    return u.intent != "book_appointment" and len(u.text) <= 10


async def answer_hours(turn: Turn) -> Reply:
    u, catalog = turn.u, turn.catalog
    if turn.state.booking is None:
        turn.state.offer("hours", [])
    code = u.hall or turn.inbound.hall or (turn.state.booking.hall if turn.state.booking else None)
    hall = catalog.hall(code) if code else None
    if u.date is not None:
        opened = [h.short_name for h in ([hall] if hall else catalog.halls.values()) if open_on(h, u.date)]
        day = f"{u.date.month}月{u.date.day}日（周{DAYS[u.date.weekday()]}）"
        if day_kind(u.date) == "holiday":
            day += f"是{holiday_name(u.date) or '法定节假日'}假期，"
        if hall is not None:
            head = f"{day}{hall.short_name}{'开放' if opened else '不办公'}。"
            others = [h.short_name for h in catalog.halls.values() if h.code != hall.code and open_on(h, u.date)]
            if not opened and others:  # 周六的张槎: closed, but the district centre opens
                head += f"这天开放的有{'、'.join(others)}。"
        else:
            head = f"{day}开放的大厅：{'、'.join(opened)}。" if opened else f"{day}各大厅都不办公。"
        body = hall_hours(hall) if hall else all_hours(catalog)
        return Reply.plain(f"{head}\n{body}\n下一步：回复“预约”加要办的事，如“预约下周一去祖庙办护照”。")
    body = hall_hours(hall) if hall else all_hours(catalog)
    return Reply.plain(f"{body}\n下一步：回复“预约”加要办的事，或问“在哪办”查看各大厅地址。")
