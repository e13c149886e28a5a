"""China's working-day calendar: public holidays and adjusted working days (调休).

chinese-calendar knows 2004-2026. For other years it raises NotImplementedError; we then fall back
to "Monday-Friday work, weekends rest" and the holidays on fixed dates (元旦, 劳动节, 国庆), plus the day
exceptions staff set (see schedule.py), and log a warning once per year saying so.
"""

from __future__ import annotations

import functools
import logging
from datetime import date
from typing import Literal

import chinese_calendar

log = logging.getLogger(__name__)

DayKind = Literal["workday", "adjusted_workday", "saturday", "sunday", "holiday"]


# The statutory holidays on fixed dates (全国年节及纪念日放假办法), kept for a year chinese-calendar
# does not know yet: the State Council announces the next year's days off late in the year.
FIXED_HOLIDAYS = {(1, 1): "New Year's Day", (5, 1): "Labour Day", (10, 1): "National Day", (10, 2): "National Day",
                  (10, 3): "National Day"}


@functools.cache
def _warn_unknown_year(year: int) -> None:
    log.warning(
        "chinese-calendar has no public holidays for %d: using weekends only; "
        "set holidays and adjusted working days as day exceptions (staff API)", year)


@functools.lru_cache(maxsize=4096)  # pure: a booking offer asks it for every day of the horizon, every message
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
        fixed = FIXED_HOLIDAYS.get((day.month, day.day))
        is_holiday, holiday_name = (True, fixed) if fixed else (weekend, None)
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


@functools.lru_cache(maxsize=4096)
def holiday_name(day: date) -> str | None:
    """The Chinese name of the holiday the day belongs to, if chinese-calendar knows one."""
    try:
        is_holiday, name = chinese_calendar.get_holiday_detail(day)
    except NotImplementedError:
        name = FIXED_HOLIDAYS.get((day.month, day.day))
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
