"""Every booking refusal in the citizen's words, exactly."""

from __future__ import annotations

from datetime import date

import pytest

from appointments import (
    AlreadyBooked,
    BookingNotFound,
    BookingRefused,
    ChangedMeanwhile,
    CutoffPassed,
    HallClosed,
    ItemNotOffered,
    ItemWithdrawn,
    KeyReused,
    Missed,
    NotActive,
    NotASlot,
    NotToday,
    SlotFull,
    SlotPassed,
    Suspended,
    TooEarly,
    TooFar,
    TooLate,
    WrongHall,
)
from bot.refusals import WORDING, refusal_text
from tests.appointments.factories import at, test_catalog

CATALOG = test_catalog()
CENTER, ZUMIAO = CATALOG.halls["district_center"], CATALOG.halls["zumiao"]
ID_CARD, LICENCE = CATALOG.items["id_card_renewal"], CATALOG.items["business_licence"]
THU_9 = at(2026, 11, 26, 9)


@pytest.mark.parametrize(("exc", "text"), [
    (TooFar(date(2026, 12, 10), 14, date(2026, 12, 9)),
     "12月10日（周四）超出了可预约的14天，请选12月9日（周三）以前的日子。"),
    (SlotPassed(at(2026, 11, 25, 9)), "这个时段已经过去了，请选一个以后的时段。"),
    (TooLate(at(2026, 11, 25, 10, 30), 30), "时段开始前30分钟停止预约，请选更晚的时段。"),
    (HallClosed(CENTER, date(2026, 10, 1), "国庆节放假", date(2026, 10, 8)),
     "10月1日（周四）district_center大厅国庆节放假，最近可以办理的是10月8日（周四）。"),
    (HallClosed(CENTER, date(2026, 10, 1), "大厅临时闭厅", None),
     "10月1日（周四）district_center大厅大厅临时闭厅，请换一天。"),
    (NotASlot(at(2026, 11, 26, 12, 30)), "12:30不是预约时段的开始时间，请从可选时段里挑一个。"),
    (ItemNotOffered(ZUMIAO, LICENCE), "zumiao大厅不办理business_licence办理，请选择可以办理的大厅。"),
    (ItemWithdrawn("zumiao", "passport"), "这个事项或大厅已调整，请取消后重新预约。"),
    (AlreadyBooked(ID_CARD, THU_9, "ABCD2345"),
     "您已预约id_card_renewal：11月26日（周四）09:00，预约码ABCD2345。想换时间请改约，不用重新预约。"),
    (SlotFull(THU_9), "11月26日（周四）09:00已约满，请换一个时段试试。"),
    (KeyReused("id_card_renewal"), "这个请求编号已经用于另一项预约，请刷新页面后重新预约。"),
    (CutoffPassed("cancel", 120), "办理前2小时内不能在线取消；如有变动，请致电大厅，或按时到场办理。"),
    (CutoffPassed("reschedule", 90), "办理前90分钟内不能在线改约；如有变动，请致电大厅，或按时到场办理。"),
    (NotActive("cancelled", "cancel"), "这个预约已取消，不能再取消。"),
    (NotActive("served", "reschedule"), "这个预约已办理，不能再改约。"),
    (NotActive("cancelled", "check_in"), "这个预约已取消或已过期，请到取号机现场取号。"),
    (NotActive("booked", "serve"), "这个预约还没有签到，或已取消，不能标记为已办理。"),
    (ChangedMeanwhile("ABCD2345"), "这个预约刚刚已有变动，请刷新后再看。"),
    (Suspended(date(2026, 12, 16), 3, 90),
     "您90天内有3次预约未到，12月16日（周三）起才能再在线预约；现在可以直接到大厅取号办理。"),
    (BookingNotFound(), "没有找到这个预约码，请核对后再试。"),
    (WrongHall("district_center"), "这个预约不是本大厅的，请到预约的大厅签到。"),
    (NotToday(THU_9), "您预约的是11月26日（周四）09:00，请当天再来签到。"),
    (TooEarly(at(2026, 11, 26, 8)), "签到从08:00开始，请稍候再签到。"),
    (Missed(at(2026, 11, 26, 9, 30)), "您已错过预约时段，请到取号机现场取号办理。"),
], ids=lambda v: type(v).__name__ if isinstance(v, BookingRefused) else "")
def test_each_refusal_is_worded_with_its_values(exc, text):
    assert refusal_text(exc) == text


def test_every_refusal_has_its_own_wording():
    assert {c for c in BookingRefused.__subclasses__() if c not in WORDING} == set()
