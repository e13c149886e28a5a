"""Application numbers (办件编号): BJ, the day received (yyyymmdd) and that day's sequence (6 digits).

BJ20261125000123 is the 123rd application received on 25 November 2026. The sequence comes from
a counter row per day, raised by one inside the caller's transaction (the row stays locked until
commit), so concurrent receipts in any number of processes never share a number.
"""

from __future__ import annotations

import re
from datetime import date

from tortoise.expressions import F

from .models import NumberCounter

NUMBER = re.compile(r"BJ\d{14}")
MAX_SEQUENCE = 999_999


def format_number(day: date, sequence: int) -> str:
    return f"BJ{day:%Y%m%d}{sequence:06d}"


def is_number(text: str) -> bool:
    return NUMBER.fullmatch(text) is not None


async def prepare_counter(day: date) -> None:
    """Outside the transaction: the day's counter row exists (a race on creating it is harmless)."""
    await NumberCounter.bulk_create([NumberCounter(day=day)], ignore_conflicts=True)


async def draw_number(day: date) -> str:
    """Inside a transaction: the next number of `day`."""
    await NumberCounter.filter(day=day).update(last_number=F("last_number") + 1)
    sequence = (await NumberCounter.get(day=day)).last_number
    if sequence > MAX_SEQUENCE:
        raise RuntimeError(f"more than {MAX_SEQUENCE} applications on {day}")
    return format_number(day, sequence)
