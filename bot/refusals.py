"""A booking refusal in the citizen's words: one short Chinese sentence that says the next step.

The appointments folder refuses with named classes carrying values (appointments/errors.py);
this table words each of them, for the chat and for the API's error messages alike.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from appointments import (
    STATUS_NAMES,
    AlreadyBooked,
    BookingNotFound,
    BookingRefused,
    ChangedMeanwhile,
    CutoffPassed,
    DayPassed,
    HallClosed,
    ItemNotOffered,
    ItemWithdrawn,
    KeyReused,
    Missed,
    NotActive,
    NotASlot,
    NotToday,
    SameTime,
    SlotFull,
    SlotPassed,
    Suspended,
    TooEarly,
    TooFar,
    TooLate,
    WrongHall,
    day_label,
    hours_text,
    when_text,
)

CHANGES = {"cancel": "取消", "reschedule": "改约"}


def _hall_closed(exc: HallClosed) -> str:
    hint = f"最近可以办理的是{day_label(exc.next_open_day)}。" if exc.next_open_day else "请换一天。"
    return f"{day_label(exc.day)}{exc.hall.short_name}{exc.why}，{hint}"


def _not_active(exc: NotActive) -> str:
    if exc.step == "check_in":
        return "这个预约已取消或已过期，请到取号机现场取号。"
    if exc.step == "serve":
        return "这个预约还没有签到，或已取消，不能标记为已办理。"
    return f"这个预约{STATUS_NAMES.get(exc.status, exc.status)}，不能再{CHANGES[exc.step]}。"


WORDING: dict[type[BookingRefused], Callable[[Any], str]] = {
    ItemNotOffered: lambda e: f"{e.hall.short_name}不办理{e.item.name}，请选择可以办理的大厅。",
    ItemWithdrawn: lambda e: "这个事项或大厅已调整，请取消后重新预约。",
    HallClosed: _hall_closed,
    NotASlot: lambda e: f"{e.start:%H:%M}不是预约时段的开始时间，请从可选时段里挑一个。",
    SlotPassed: lambda e: "这个时段已经过去了，请选一个以后的时段。",
    DayPassed: lambda e: f"这一天已经过去了，请选{day_label(e.today)}或以后的日子。",
    TooLate: lambda e: f"时段开始前{hours_text(e.lead_minutes)}停止预约，请选更晚的时段。",
    TooFar: lambda e: f"{day_label(e.day)}超出了可预约的{e.days_ahead}天，请选{day_label(e.last_day)}以前的日子。",
    SameTime: lambda e: f"您{when_text(e.start)}已有一个预约（预约码{e.booking_code}），"
                        "同一时间只能约一个，请换一个时段。",
    SlotFull: lambda e: f"{when_text(e.start)}已约满，请换一个时段试试。",
    AlreadyBooked: lambda e: f"您已预约{e.item.short_name}：{when_text(e.start)}，预约码{e.booking_code}。"
                             "想换时间请改约，不用重新预约。",
    Suspended: lambda e: f"您{e.window_days}天内有{e.no_shows}次预约未到，"
                         f"{day_label(e.until)}起才能再在线预约；现在可以直接到大厅取号办理。",
    CutoffPassed: lambda e: f"办理前{hours_text(e.cutoff_minutes)}内不能在线{CHANGES[e.change]}；"
                            "如有变动，请致电大厅，或按时到场办理。",
    NotActive: _not_active,
    ChangedMeanwhile: lambda e: "这个预约刚刚已有变动，请刷新后再看。",
    KeyReused: lambda e: "这个请求编号已经用于另一项预约，请刷新页面后重新预约。",
    BookingNotFound: lambda e: "没有找到这个预约码，请核对后再试。",
    WrongHall: lambda e: "这个预约不是本大厅的，请到预约的大厅签到。",
    NotToday: lambda e: f"您预约的是{day_label(e.start.date())}{e.start:%H:%M}，请当天再来签到。",
    TooEarly: lambda e: f"签到从{e.opens:%H:%M}开始，请稍候再签到。",
    Missed: lambda e: "您已错过预约时段，请到取号机现场取号办理。",
}
FALLBACK = "预约没有成功，请换个时间再试。"


def refusal_text(exc: BookingRefused) -> str:
    """The sentence for `exc`, looked up along its class hierarchy."""
    wording = next((WORDING[c] for c in type(exc).__mro__ if c in WORDING), None)
    return wording(exc) if wording else FALLBACK
