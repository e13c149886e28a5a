"""China's working-day calendar: public holidays and adjusted working days (调休).

chinese-calendar knows 2004-2026. For other years it raises NotImplementedError; we then fall back
to "Monday-Friday work, weekends rest" (plus the day exceptions staff set, see schedule.py) and log
a warning once per year saying so.
"""

from __future__ import annotations

import functools
import logging
from datetime import date
from typing import Literal

import chinese_calendar

log = logging.getLogger(__name__)

DayKind = Literal["workday", "adjusted_workday", "saturday", "sunday", "holiday"]


@functools.cache
def _warn_unknown_year(year: int) -> None:
    log.warning(
        "chinese-calendar has no public holidays for %d: using weekends only; "
        "set holidays and adjusted working days as day exceptions (staff API)", year)


def day_kind(day: date) -> DayKind:
    """What the national calendar says about a day.

    workday: Monday-Friday that is not a holiday; adjusted_workday: a weekend day worked to make up
    for a holiday (uses weekday hours); holiday: a statutory holiday (closed); saturday/sunday: a
    plain weekend day.
    """
    weekend = day.weekday() >= 5
    try:
        is_holiday, holiday_name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        _warn_unknown_year(day.year)
        is_holiday, holiday_name = weekend, None
    if not is_holiday:
        return "adjusted_workday" if weekend else "workday"
    if holiday_name is not None:
        return "holiday"
    return "saturday" if day.weekday() == 5 else "sunday"


def calendar_known(day: date) -> bool:
    """Whether chinese-calendar has data for the day's year."""
    try:
        chinese_calendar.is_workday(day)
    except NotImplementedError:
        return False
    return True


def holiday_name(day: date) -> str | None:
    """The Chinese name of the holiday the day belongs to, if chinese-calendar knows one."""
    try:
        is_holiday, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        return None
    if name is None:
        return None
    return HOLIDAY_NAMES.get(name, name)


HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}
