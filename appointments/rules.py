"""Booking rules: one frozen dataclass of numbers, overridable from YIMEN_BOOKING_* variables,
and the Chinese sentences that explain them to a citizen."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import Self

from core.settings import SettingsError

ENV_PREFIX = "YIMEN_BOOKING_"


@dataclass(frozen=True)
class BookingRules:
    """Every number a booking decision depends on. Override with YIMEN_BOOKING_<FIELD>, e.g.
    YIMEN_BOOKING_DAYS_AHEAD=7 or YIMEN_BOOKING_CUTOFF_MINUTES=60."""

    days_ahead: int = 14  # book up to this many days ahead (today counts as day 0)
    slot_minutes: int = 30  # length of one appointment slot
    places_per_window: int = 1  # places a comprehensive window (综合窗口) offers per slot
    book_lead_minutes: int = 30  # a slot can be booked until this long before it starts
    cutoff_minutes: int = 120  # cancel or reschedule until this long before the slot starts
    no_show_limit: int = 3  # this many no-shows ...
    no_show_window_days: int = 90  # ... within this many days ...
    suspension_days: int = 30  # ... suspend online booking for this many days
    checkin_early_minutes: int = 60  # check-in opens this long before the slot starts
    checkin_late_minutes: int = 15  # and stays open this long after the slot ends; then: no-show
    service_minutes: int = 10  # average minutes at the window, for the estimated wait
    reminder_hour: int = 9  # the reminder goes out at this hour the day before the visit

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            low = 1 if f.name in ("days_ahead", "slot_minutes", "places_per_window", "no_show_limit",
                                  "no_show_window_days", "service_minutes") else 0
            if not isinstance(value, int) or value < low:
                raise SettingsError(f"{ENV_PREFIX}{f.name.upper()}: a whole number ≥ {low}, got {value!r}")
        if self.reminder_hour > 23:
            raise SettingsError(f"{ENV_PREFIX}REMINDER_HOUR: an hour 0-23, got {self.reminder_hour}")
        if 24 * 60 % self.slot_minutes:
            raise SettingsError(f"{ENV_PREFIX}SLOT_MINUTES: must divide a day, got {self.slot_minutes}")

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]]) -> Self:
        """Rules from (field, text) pairs such as Settings.booking; unknown names fail loudly."""
        known = {f.name for f in fields(cls)}
        values: dict[str, int] = {}
        for name, raw in pairs:
            variable = f"{ENV_PREFIX}{name.upper()}"
            if name not in known:
                raise SettingsError(f"{variable}: unknown booking rule; known: {', '.join(sorted(known))}")
            try:
                values[name] = int(raw)
            except ValueError:
                raise SettingsError(f"{variable}: expected a whole number, got {raw!r}") from None
        return cls(**values)


@functools.cache
def booking_rules(pairs: tuple[tuple[str, str], ...]) -> BookingRules:
    """The rules in force: `booking_rules(settings.booking)` (Settings reads YIMEN_BOOKING_*); cached."""
    return BookingRules.from_pairs(pairs)


def hours_text(minutes: int) -> str:
    if minutes % 60 == 0:
        return f"{minutes // 60}小时"
    return f"{minutes}分钟"


def explain_rules(rules: BookingRules) -> str:
    """All booking rules in plain Chinese, for a citizen who asks "预约有什么规定"."""
    return "\n".join([
        "预约须知：",
        f"1. 可以预约今天起{rules.days_ahead}天内的工作日，每个时段{rules.slot_minutes}分钟；"
        f"法定节假日和大厅闭厅日不能预约。",
        f"2. 时段开始前{hours_text(rules.book_lead_minutes)}停止预约，已过去或已约满的时段不能预约。",
        "3. 同一个事项同一时间只能有一个有效预约；想换时间请改约，不用重新预约。",
        f"4. 办理前{hours_text(rules.cutoff_minutes)}以前可以在线取消或改约，之后请直接联系大厅。",
        f"5. 请在预约时段开始前{hours_text(rules.checkin_early_minutes)}内到大厅，凭预约码签到取号；"
        f"时段结束{rules.checkin_late_minutes}分钟后仍未签到，记为爽约。",
        f"6. {rules.no_show_window_days}天内爽约{rules.no_show_limit}次，"
        f"暂停在线预约{rules.suspension_days}天，期间可以到大厅现场取号办理。",
        "7. 办理前一天会提醒您；不能来请尽早取消，把位置留给别人。",
    ])
