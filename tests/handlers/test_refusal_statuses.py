"""Every booking refusal has its own wording and its own HTTP status: a new one cannot be added without both."""

from __future__ import annotations

from appointments import BookingRefused, HallClosed, NotASlot, SlotFull
from bot.refusals import WORDING
from handlers.problems import REFUSAL_STATUS, problem_for
from tests.appointments.factories import at, test_catalog


def test_every_refusal_class_has_a_wording_and_a_status():
    refusals = BookingRefused.__subclasses__()
    assert len(refusals) >= 19
    for refusal in refusals:
        assert refusal in WORDING and refusal in REFUSAL_STATUS, refusal.__name__
        assert isinstance(refusal.code, str) and refusal.code


def test_a_refusal_answers_with_its_status_code_and_wording():
    center = test_catalog().halls["district_center"]
    assert problem_for(SlotFull(at(2026, 11, 26, 9))) == (
        409, "slot_full", "11月26日（周四）09:00已约满，请换一个时段试试。")
    assert problem_for(NotASlot(at(2026, 11, 26, 12, 30)))[:2] == (422, "not_a_slot")
    assert problem_for(HallClosed(center, at(2026, 10, 1).date(), "国庆节放假", None))[:2] == (409, "hall_closed")
