"""Dates and times in a citizen's words, resolved against today (Asia/Shanghai).

Dates: 今天/明天/后天/大后天, 周五/星期五/礼拜五 (the coming one, today if today), 这周五,
下周一, 下下周一, 周末, 12月3号/十二月五日/12.3/12-3 (this year, or next year if already
past), 2027年1月5日, 下个月2号, 3号 (this month, or next month if already past), 三天后.
Times: 上午十点 → 10:00, 下午两点半 → 14:30, 早上9点半, 3点15, 三点一刻, 14:30; a bare
一点 … 五点 is in the afternoon, since halls are closed at night.
Impossible dates (2月30号) give None.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Generic, TypeVar

import chinese_calendar

from .numerals import NUMBER, parse_number

T = TypeVar("T")


@dataclass(frozen=True)
class Found(Generic[T]):
    value: T
    start: int
    end: int


_RELATIVE_DAYS = {
    "大后天": 3, "后天": 2, "明天": 1, "明日": 1, "明儿": 1, "明早": 1, "明晚": 1, "明天早上": 1,
    "今天": 0, "今日": 0, "今儿": 0, "今早": 0, "今晚": 0, "昨天": -1, "前天": -2,
}
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6,
             "1": 0, "2": 1, "3": 2, "4": 3, "5": 4, "6": 5, "7": 6}

_YMD = re.compile(rf"(\d{{4}}|[〇零一二三四五六七八九]{{4}})\s*[年./-]\s*({NUMBER})\s*[月./-]\s*({NUMBER})\s*[日号]?")
_YEAR_WORD = {"今年": 0, "明年": 1, "后年": 2}
_NAMED_YEAR_MONTH_DAY = re.compile(rf"(今年|明年|后年)\s*({NUMBER})\s*月份?\s*({NUMBER})\s*[日号]?")
_NEXT_MONTH_DAY = re.compile(rf"(下个?月|下月|这个?月|本月|这月)\s*({NUMBER})\s*[号日]")
_MONTH_END = re.compile(r"(这个?月|本月|这月|下个?月|下月)?(月底|月末)")
_MONTH_DAY = re.compile(rf"({NUMBER})\s*月份?\s*({NUMBER})\s*[日号]?")
_MONTH_DAY_DIGITS = re.compile(r"(?<![\d.:/-])(\d{1,2})[./-](\d{1,2})(?![\d.:/-])(?![天元倍万个%年月周小分秒米斤岁块])")
_RELATIVE = re.compile("|".join(sorted(_RELATIVE_DAYS, key=len, reverse=True)))
_WEEKDAY = re.compile(r"(下下个?|下个?|这个?|本|上个?)?\s*(?:周|星期|礼拜)([一二三四五六日天1-7])")
_WEEKEND = re.compile(r"(下个?|这个?|本)\s*(?:周末|礼拜六日)")  # a bare 周末 is weekends in general
_HABITUAL = re.compile(r"(也|都|一般|通常|照常|是否|是不是|开不开|上不上班|开门|上班|办公|营业|休息|能不能办|办不办)")
_IN_DAYS = re.compile(rf"(?:过\s*({NUMBER})\s*天|({NUMBER})\s*天(?:以后|之后|后))")
_IN_WEEKS = re.compile(rf"({NUMBER})\s*个?(?:星期|礼拜|周)(?:以后|之后|后)")
_DAY_ONLY = re.compile(rf"(?<![月\d年])({NUMBER})\s*[号日](?![窗楼线门柜口码座房室台机])")

_PERIOD = r"凌晨|早上|早晨|清早|一早|上午|中午|午后|下午|傍晚|晚上|夜里|今早|明早|今晚|明晚|早"
_AFTERNOON = {"午后", "下午", "傍晚", "晚上", "夜里", "今晚", "明晚"}
_CLOCK = re.compile(
    rf"({_PERIOD})?\s*({NUMBER})\s*(?:点钟?|时(?![候间期段效限]))\s*"
    rf"(?:(半)|(一刻)|(三刻)|({NUMBER})\s*分?)?"
)
_AM_PM = re.compile(r"(?<![\d:])(\d{1,2})(?::([0-5]\d))?\s*(am|pm|a\.m\.|p\.m\.)")
_COLON = re.compile(rf"({_PERIOD})?\s*(?<!\d)([01]?\d|2[0-3])\s*:\s*([0-5]\d)(?!\d)")
_PERIOD_ANYWHERE = re.compile(_PERIOD)
# 快一点 / 早一点 / 一点点 are "a little", not one o'clock.
_A_LITTLE_BEFORE = set("快慢早晚多少大小宜高低好近远简便轻重稍准清详细些优松紧有差")


def _valid(year: int, month: int, day: int) -> date | None:
    if 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]:
        return date(year, month, day)
    return None


RECENT_PAST = 61


def _month_day(month: int | None, day: int | None, today: date) -> date | None:
    """This year's, or next year's if already past; None if no such day. A day past by at most
    RECENT_PAST days stays this year's: 我11月30号约的 on December 2nd is two days ago, not
    eleven months ahead (a booking for it is then refused as past, which is the truth)."""
    if month is None or day is None or not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    this_year = _valid(today.year, month, day)
    if this_year is not None and (this_year >= today or (today - this_year).days <= RECENT_PAST):
        return this_year
    if this_year is None and (month, day) == (2, 29):
        for year in range(today.year + 1, today.year + 5):
            if (leap := _valid(year, 2, 29)) is not None:
                return leap
        return None
    return _valid(today.year + 1, month, day)


def _add_months(today: date, months: int) -> tuple[int, int]:
    index = today.year * 12 + today.month - 1 + months
    return index // 12, index % 12 + 1


def _day_of_month(day: int | None, today: date) -> date | None:
    """'3号': this month if not yet past, else next month; None if no such day."""
    if day is None or not 1 <= day <= 31:
        return None
    if day >= today.day and (this_month := _valid(today.year, today.month, day)) is not None:
        return this_month
    if day < today.day:
        year, month = _add_months(today, 1)
        return _valid(year, month, day)
    year, month = _add_months(today, 1)  # e.g. 31号 in a 30-day month
    return _valid(year, month, day)


def _weekday(prefix: str | None, weekday: int, today: date) -> date:
    prefix = (prefix or "").rstrip("个")
    monday = today - timedelta(days=today.weekday())
    if prefix == "下下":
        return monday + timedelta(days=14 + weekday)
    if prefix == "下":
        return monday + timedelta(days=7 + weekday)
    if prefix == "上":
        return monday + timedelta(days=weekday - 7)
    return today + timedelta(days=(weekday - today.weekday()) % 7)


# Festivals on a fixed day of the solar year: the coming one (today's if today).
_FESTIVALS = {"元旦": (1, 1), "新年": (1, 1), "劳动节": (5, 1), "五一": (5, 1), "国庆": (10, 1), "十一": (10, 1),
              "圣诞": (12, 25), "平安夜": (12, 24), "儿童节": (6, 1), "六一": (6, 1)}
_FESTIVAL = re.compile(r"(元旦|新年|劳动节|五一|国庆|圣诞|平安夜|儿童节|六一|十一)(?:节|假期|那天|当天|假)?"
                       r"(?![点号日月\d])")


_AFTER_FESTIVAL = re.compile(r"(元旦|新年|劳动节|国庆|圣诞)(?:节|假期|假)?(?:过后|之后|以后|后|过完)的?"
                             r"(?:那个|第一个|头一个)?(?:周|星期|礼拜)([一二三四五六日天1-7])")


_FIRST_WORKDAY_AFTER = re.compile(r"(元旦|新年|劳动节|五一|国庆|十一)(?:节|假期|假|放假)?"
                                  r"(?:过后|之后|以后|后|过完|收假后?)的?"
                                  r"(?:第一个|头一个|第一|头)?(?:工作日|上班(?:的)?(?:日子|那天|第一天)?|开工(?:那天)?)")
_HOLIDAY_DAYS = {"元旦": 1, "新年": 1, "劳动节": 5, "五一": 5, "国庆": 7, "十一": 7}  # the usual length of the break


def _first_workday_after(name: str, today: date) -> date:
    """元旦后第一个工作日: the national calendar's next working day after the break, where it is
    published (chinese_calendar); else the first Monday to Friday after the break's usual length."""
    day = _festival(name, today) + timedelta(days=_HOLIDAY_DAYS[name])
    for _ in range(14):
        try:
            if chinese_calendar.is_workday(day):
                return day
        except NotImplementedError:  # a year the calendar does not cover yet
            if day.weekday() < 5:
                return day
        day += timedelta(days=1)
    return day


def _festival(name: str, today: date) -> date:
    month, day = _FESTIVALS[name]
    this_year = date(today.year, month, day)
    return this_year if this_year >= today else date(today.year + 1, month, day)


def _candidates(text: str, today: date) -> list[Found[date | None]]:
    """Every date expression, most specific pattern first; None where the date does not exist."""
    found: list[Found[date | None]] = []
    for m in _FIRST_WORKDAY_AFTER.finditer(text):  # 元旦后第一个工作日
        found.append(Found(_first_workday_after(m.group(1), today), m.start(), m.end()))
    for m in _AFTER_FESTIVAL.finditer(text):  # 元旦过后那个礼拜一: the first such weekday after the day
        holiday = _festival(m.group(1), today)
        weekday = _WEEKDAYS[m.group(2)]
        found.append(Found(holiday + timedelta(days=(weekday - holiday.weekday() - 1) % 7 + 1), m.start(), m.end()))
    for m in _YMD.finditer(text):
        year = parse_number(m.group(1))
        month, day = parse_number(m.group(2)), parse_number(m.group(3))
        value = _valid(year, month, day) if year and month and day else None
        found.append(Found(value, m.start(), m.end()))
    for m in _NAMED_YEAR_MONTH_DAY.finditer(text):  # 明年一月十号: a card's expiry, a child's school year
        month, day = parse_number(m.group(2)), parse_number(m.group(3))
        year = today.year + _YEAR_WORD[m.group(1)]
        found.append(Found(_valid(year, month, day) if month and day else None, m.start(), m.end()))
    for m in _NEXT_MONTH_DAY.finditer(text):
        offset = 1 if m.group(1).startswith("下") else 0
        year, month = _add_months(today, offset)
        day = parse_number(m.group(2))
        found.append(Found(_valid(year, month, day) if day else None, m.start(), m.end()))
    for m in _MONTH_END.finditer(text):
        offset = 1 if (m.group(1) or "").startswith("下") else 0
        year, month = _add_months(today, offset)
        found.append(Found(date(year, month, calendar.monthrange(year, month)[1]), m.start(), m.end()))
    for m in _MONTH_DAY.finditer(text):
        found.append(Found(_month_day(parse_number(m.group(1)), parse_number(m.group(2)), today), m.start(), m.end()))
    for m in _MONTH_DAY_DIGITS.finditer(text):
        month, day = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12 and 1 <= day <= 31:
            found.append(Found(_month_day(month, day, today), m.start(), m.end()))
    for m in _IN_DAYS.finditer(text):
        n = parse_number(m.group(1) or m.group(2))
        if n is not None and n <= 366:
            found.append(Found(today + timedelta(days=n), m.start(), m.end()))
    for m in _IN_WEEKS.finditer(text):
        n = parse_number(m.group(1))
        if n is not None and n <= 52:
            found.append(Found(today + timedelta(days=7 * n), m.start(), m.end()))
    for m in _WEEKDAY.finditer(text):
        if m.group(1) is None and _HABITUAL.match(text, m.end()):
            continue  # 周六也开门吗: Saturdays in general, not a date
        found.append(Found(_weekday(m.group(1), _WEEKDAYS[m.group(2)], today), m.start(), m.end()))
    for m in _WEEKEND.finditer(text):
        found.append(Found(_weekday(m.group(1), 5, today), m.start(), m.end()))
    for m in _FESTIVAL.finditer(text):
        if m.group(1) in ("十一", "六一", "五一") and not m.group(0).endswith(("节", "假期", "那天", "当天", "假")):
            continue  # 十一点, 五一广场: a number, unless said as a holiday
        found.append(Found(_festival(m.group(1), today), m.start(), m.end()))
    for m in _RELATIVE.finditer(text):
        found.append(Found(today + timedelta(days=_RELATIVE_DAYS[m.group(0)]), m.start(), m.end()))
    for m in _DAY_ONLY.finditer(text):
        found.append(Found(_day_of_month(parse_number(m.group(1)), today), m.start(), m.end()))
    return found


def _first_unoverlapped(found: list[Found[T]]) -> Found[T] | None:
    """Earlier patterns win over overlapping later ones; of the rest, the first in the text."""
    kept: list[Found[T]] = []
    for f in found:
        if all(f.end <= k.start or f.start >= k.end for k in kept):
            kept.append(f)
    return min(kept, key=lambda f: f.start) if kept else None


# what comes after these is the date meant: 明天没空，改成下周一 / 周五不行，后天同一时间吧
_REFUSED = r"不行|没空|冇空|不方便|唔得|去不了|来不了|没时间|不去了"
_CHANGED_TO = re.compile(rf"(?:改|换|调)(?:成|到|为|在)|改(?=这|下|明|后|周|星期|礼拜|\d|[一二三四五六七八九十])"
                         rf"|还是|不如|那就|那(?!边|里|个|些|时|天)|{_REFUSED}")
_TIME_CHANGED = re.compile(rf"(?:改|换|调)(?:成|到|为|在)|还是|不如|那就|那(?!边|里|个|些)|{_REFUSED}")
_NOT_THIS = re.compile(r"(?:不是|唔系|唔係|并非)(?:在|约|要)?$")
_REFUSED_RIGHT_AFTER = re.compile(rf"(?:又|也|就|都|可能|恐怕|应该)?(?:{_REFUSED})")


def date_spans(text: str, today: date) -> list[tuple[int, int]]:
    """Where every date expression of `text` is, the one `find_date` chose or not."""
    return [(f.start, f.end) for f in _candidates(text, today)]


def find_date(text: str, today: date, *, turned_down: bool = False) -> Found[date | None] | None:
    """The first date expression in `text`, or the one said after a change ("明天没空，改成下周一");
    None when the only date said is turned down ("明天不行"), unless `turned_down` (a cancellation
    names the day it gives up: 我明天去不了了，取消吧); its value is None when the date does not exist."""
    found = _candidates(text, today)
    first = _first_unoverlapped(found)
    if first is not None and _NOT_THIS.search(text[max(0, first.start - 3):first.start]):  # 不是后天是大后天
        later = _first_unoverlapped([f for f in found if f.start >= first.end])
        if later is not None:
            return later
    change = _CHANGED_TO.search(text, first.end) if first is not None else None
    if change is not None:
        later = _first_unoverlapped([f for f in found if f.start >= change.end()])
        if later is not None:
            return later
    if first is not None and not turned_down and _REFUSED_RIGHT_AFTER.match(text, first.end):
        return None  # 明天不行: the day said is the one not wanted
    return first


def _hour(period: str | None, hour: int) -> int:
    if period in _AFTERNOON and hour < 12:
        return hour + 12
    if period == "中午" and hour <= 2:
        return hour + 12
    if period is None and 1 <= hour <= 5:
        return hour + 12
    return hour


def find_time(text: str) -> Found[time] | None:
    """The first clock time in `text`, as a 24-hour time, or the one said after a change
    ("已经过了九点啊，那十点可以吗", "三点不行，改成四点")."""
    found = clock_times(text)
    first = _first_unoverlapped(found)
    change = _TIME_CHANGED.search(text, first.end) if first is not None else None
    if change is not None:
        later = _first_unoverlapped([f for f in found if f.start >= change.end()])
        if later is not None:
            return later
    return first


def clock_times(text: str) -> list[Found[time]]:
    """Every clock time in `text` (overlapping readings included)."""
    found: list[Found[time]] = []
    for m in _COLON.finditer(text):
        hour, minute = int(m.group(2)), int(m.group(3))
        period = m.group(1) or _nearby_period(text, m.start())
        found.append(Found(time(_hour(period, hour) % 24, minute), m.start(), m.end()))
    for m in _AM_PM.finditer(text):
        hour, minute = int(m.group(1)), int(m.group(2) or 0)
        if 1 <= hour <= 12:
            hour = hour % 12 + (12 if m.group(3).startswith("p") else 0)
            found.append(Found(time(hour, minute), m.start(), m.end()))
    for m in _CLOCK.finditer(text):
        start_number = m.start(2)
        spoken_hour = parse_number(m.group(2))
        if spoken_hour is None or spoken_hour > 24:
            continue
        hour = spoken_hour
        bare = m.group(1) is None and not any(m.group(i) for i in (3, 4, 5, 6))
        if bare and hour == 1 and m.group(2) == "一" and (
            (start_number > 0 and text[start_number - 1] in _A_LITTLE_BEFORE)
            or text[m.end():m.end() + 1] in ("儿", "点", "的", "点儿")
        ):
            continue
        spoken_minute = _clock_minute(m)
        if spoken_minute is None or spoken_minute > 59:
            continue
        minute = spoken_minute
        period = m.group(1) or _nearby_period(text, m.start())
        hour = _hour(period, hour)
        if hour > 23:
            continue
        found.append(Found(time(hour, minute), m.start(), m.end()))
    return found


def _clock_minute(m: re.Match[str]) -> int | None:
    """The minutes of a `_CLOCK` match: 半, 一刻, 三刻, a number (of minutes only when it says 分
    or has two digits), else on the hour; None when the number does not parse."""
    if m.group(3):
        return 30
    if m.group(4):
        return 15
    if m.group(5):
        return 45
    spoken = m.group(6)
    if not spoken or (not m.group(0).endswith("分") and len(spoken) < 2):
        return 0  # 十点二手房: the 二 is not minutes; 3点5 neither
    return parse_number(spoken)


def _nearby_period(text: str, position: int) -> str | None:
    """A period word (上午, 下午…) before the time, e.g. 下午去, 3点; else one anywhere."""
    before = [m.group(0) for m in _PERIOD_ANYWHERE.finditer(text, 0, position)]
    if before:
        return before[-1]
    after = _PERIOD_ANYWHERE.search(text, position)
    return after.group(0) if after else None
