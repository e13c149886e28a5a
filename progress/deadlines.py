"""Time limits in working days (工作日), on the national calendar of appointments/workdays.py.

Pure functions of dates. The received day itself is not counted: an item promised in 5 working
days received on Monday 23 November 2026 is due on Monday 30 November. A supplement request (补正)
stops the clock from the day after it was asked until the day the citizen answers, both included:
those working days are added to the limit.
"""

from __future__ import annotations

from datetime import date, timedelta

from appointments import day_kind

WORKING = ("workday", "adjusted_workday")
MAX_SPAN = 3 * 366  # no limit runs longer than this: a guard against a loop without end


def is_working_day(day: date) -> bool:
    return day_kind(day) in WORKING


def add_working_days(start: date, days: int) -> date:
    """The `days`-th working day after `start`; `start` itself when days is 0."""
    day, left = start, days
    for _ in range(MAX_SPAN):
        if left <= 0:
            return day
        day += timedelta(days=1)
        if is_working_day(day):
            left -= 1
    raise ValueError(f"{days} working days from {start} is too far")


def working_days_between(after: date, until: date) -> int:
    """Working days in (after, until]: 0 when until <= after."""
    count, day = 0, after
    while day < until:
        day += timedelta(days=1)
        count += is_working_day(day)
    return count


def promised_on(received_on: date, promised_days: int, paused_days: int) -> date:
    return add_working_days(received_on, promised_days + paused_days)


def used_share(received_on: date, promised_days: int, paused_days: int, today: date) -> float:
    """How much of the promised time is used by `today` (1.0: due today; above: overdue)."""
    if promised_days <= 0:
        return 0.0
    return (working_days_between(received_on, today) - paused_days) / promised_days
